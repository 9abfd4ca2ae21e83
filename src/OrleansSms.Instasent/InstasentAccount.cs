namespace OrleansSms.Instasent;

/// <summary>What <see cref="InstasentClient.GetAccountAsync"/> learnt of a token.</summary>
public abstract record InstasentAccountCheck
{
    private InstasentAccountCheck()
    {
    }

    /// <summary>Instasent took the token and told its organization's balance.</summary>
    public sealed record Account(decimal Balance, string Currency) : InstasentAccountCheck;

    /// <summary>Instasent refused the token (401 or 403).</summary>
    public sealed record Refused(int Status) : InstasentAccountCheck;

    /// <summary>Instasent could not be asked: a network error, a timeout, a 5xx, an open circuit, or an answer not understood.</summary>
    public sealed record Unavailable(string Reason) : InstasentAccountCheck;
}
