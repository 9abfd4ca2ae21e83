using System.Collections.Concurrent;

namespace OrleansSms.InstasentSimulator;

/// <summary>An accepted message.</summary>
internal sealed class SimMessage
{
    public required string Id { get; init; }
    public required TokenAccount Account { get; init; }
    public string? ClientId { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public required string Text { get; init; }
    public bool AllowUnicode { get; init; }
    public bool Unicode { get; init; }
    public int Segments { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The status its delivery report will carry.</summary>
    public required string Outcome { get; init; }

    /// <summary>When the delivery report says the event happened.</summary>
    public DateTimeOffset EventAt { get; init; }

    /// <summary>Sent through a legacy path (<c>/sms</c>): no delivery report; polling sees the outcome from <see cref="EventAt"/>.</summary>
    public bool Legacy { get; init; }

    public const string Enqueued = "enqueued";

    private volatile string _status = Enqueued;

    /// <summary><see cref="Enqueued"/> until its report is due (a legacy message, which has none: until <see cref="EventAt"/>), then the outcome.</summary>
    public string StatusAt(DateTimeOffset now) => Legacy && now >= EventAt ? Outcome : _status;

    public void MarkReported() => _status = Outcome;

    public SimulatedMessage ToView(DateTimeOffset now) =>
        new(Id, ClientId, From, To, Text, AllowUnicode, Unicode, Segments, ReceivedAt, StatusAt(now));
}

/// <summary>A registered API token: where its reports go, its client ids and its messages.</summary>
internal sealed class TokenAccount(string token, string? callbackUrl)
{
    private volatile string? _callbackUrl = callbackUrl;
    private readonly List<SimMessage> _messages = [];

    public string Token { get; } = token;

    public string? CallbackUrl
    {
        get => _callbackUrl;
        set => _callbackUrl = value;
    }

    public ConcurrentDictionary<string, SimMessage> ByClientId { get; } = new(StringComparer.Ordinal);

    /// <summary>What <c>GET /organization/account</c> answers: 100 EUR unless <c>PUT /_sim/accounts/{token}</c> set it.</summary>
    public AccountBalance Balance
    {
        get => Volatile.Read(ref _balance);
        set => Volatile.Write(ref _balance, value);
    }

    private AccountBalance _balance = AccountBalance.Default;

    public void Append(List<SimMessage> accepted)
    {
        lock (_messages)
        {
            _messages.AddRange(accepted);
        }
    }

    /// <summary>The latest message this token sent to <paramref name="to"/>, or null.</summary>
    public SimMessage? LatestTo(string to)
    {
        lock (_messages)
        {
            for (var i = _messages.Count - 1; i >= 0; i--)
            {
                if (_messages[i].To == to)
                {
                    return _messages[i];
                }
            }

            return null;
        }
    }

    public (List<SimMessage> Page, int Total) Page(int page, int perPage)
    {
        lock (_messages)
        {
            var skip = (long)(page - 1) * perPage;
            var items = skip >= _messages.Count ? [] : _messages.GetRange((int)skip, (int)Math.Min(perPage, _messages.Count - skip));
            return (items, _messages.Count);
        }
    }

    public void Clear()
    {
        lock (_messages)
        {
            _messages.Clear();
            ByClientId.Clear();
        }
    }
}

/// <summary>
/// Everything the simulator accepted. Lock-light: dictionaries are concurrent; the ordered lists
/// take one short lock per request (a bulk appends its accepted items at once).
/// </summary>
internal sealed class MessageStore(SimulatorOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TokenAccount> _tokens = new(
        options.Tokens.Select(t => KeyValuePair.Create(t.Key, new TokenAccount(t.Key, NullIfEmpty(t.Value)))),
        StringComparer.Ordinal);

    private readonly TimeProvider _time = options.TimeProvider ?? time;
    private readonly ConcurrentDictionary<string, SimMessage> _byId = new(StringComparer.Ordinal);
    private readonly List<SimMessage> _all = [];
    private readonly ConcurrentDictionary<string, SimMessage> _latestTo = new(StringComparer.Ordinal);
    private readonly List<SimInbound> _inbound = [];
    private long _inboundCount;
    private readonly string _idPrefix = Random.Shared.Next().ToString("x8");
    private long _nextId;
    private long _accepted;
    private long _rejected;

    private volatile Dictionary<string, string> _outcomes = new(options.Outcomes, StringComparer.Ordinal);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Inbound messages since start.</summary>
    public long InboundCount => Interlocked.Read(ref _inboundCount);

    public DateTimeOffset Now => _time.GetUtcNow();

    public long Stored
    {
        get
        {
            lock (_all)
            {
                return _all.Count;
            }
        }
    }

    public TokenAccount? FindToken(string token)
    {
        if (_tokens.TryGetValue(token, out var account))
        {
            return account;
        }

        return options.AcceptUnregisteredTokens ? _tokens.GetOrAdd(token, t => new TokenAccount(t, null)) : null;
    }

    /// <summary>Registers a token, or changes where its reports go; true when it is new.</summary>
    public bool RegisterToken(string token, string? callbackUrl)
    {
        var added = false;
        var account = _tokens.GetOrAdd(token, t =>
        {
            added = true;
            return new TokenAccount(t, NullIfEmpty(callbackUrl));
        });
        account.CallbackUrl = NullIfEmpty(callbackUrl);
        return added;
    }

    public bool RevokeToken(string token) => _tokens.TryRemove(token, out _);

    /// <summary>A registered token's account (never registers one, whatever <see cref="SimulatorOptions.AcceptUnregisteredTokens"/> says).</summary>
    public TokenAccount? FindRegistered(string token) => _tokens.GetValueOrDefault(token);

    /// <summary>True while the account's token is registered (not revoked).</summary>
    public bool IsRegistered(TokenAccount account) =>
        _tokens.TryGetValue(account.Token, out var current) && ReferenceEquals(current, account);

    /// <summary>The latest message sent to <paramref name="to"/> through any token, or null.</summary>
    public SimMessage? LatestTo(string to) => _latestTo.GetValueOrDefault(to);

    public IReadOnlyDictionary<string, string> Outcomes => _outcomes;

    public void SetOutcomes(Dictionary<string, string> outcomes) => _outcomes = new(outcomes, StringComparer.Ordinal);

    public SimMessage? Find(TokenAccount account, string id) =>
        _byId.TryGetValue(id, out var message) && ReferenceEquals(message.Account, account) ? message : null;

    /// <summary>
    /// Validates each item alone and accepts the valid ones (a clientId is taken atomically, so a
    /// repeated one is refused even between concurrent requests). Returns the accepted messages,
    /// in item order; refused items keep their field errors.
    /// </summary>
    /// <param name="legacy">Sent through a legacy path (<c>/sms</c>): its messages get no delivery report.</param>
    public List<SimMessage> Accept(TokenAccount account, List<SmsRequest> items, bool legacy)
    {
        var accepted = new List<SimMessage>(items.Count);
        var now = _time.GetUtcNow();
        var outcomes = _outcomes;
        foreach (var item in items)
        {
            if (item.IsValid)
            {
                SmsValidator.Validate(item);
            }

            if (!item.IsValid)
            {
                continue;
            }

            var text = item.Text!;
            bool unicode;
            int segments;
            if (Gsm7.IsGsm(text))
            {
                unicode = false;
                segments = Gsm7.GsmSegments(text);
            }
            else if (item.AllowUnicode)
            {
                unicode = true;
                segments = Gsm7.Ucs2Segments(text);
            }
            else
            {
                // Like a provider that is not allowed UCS-2: what GSM cannot carry becomes '?'.
                text = Gsm7.ToGsm(text);
                unicode = false;
                segments = Gsm7.GsmSegments(text);
            }

            var message = new SimMessage
            {
                Id = NextId(),
                Account = account,
                ClientId = item.ClientId,
                From = item.From!,
                To = item.To!,
                Text = text,
                AllowUnicode = item.AllowUnicode,
                Unicode = unicode,
                Segments = segments,
                ReceivedAt = now,
                EventAt = now + options.DeliveryDelay,
                Outcome = outcomes.TryGetValue(item.To!, out var outcome) ? outcome : DeliveryStatuses.Delivered,
                Legacy = legacy,
            };

            if (item.ClientId is not null && !account.ByClientId.TryAdd(item.ClientId, message))
            {
                var first = account.ByClientId.TryGetValue(item.ClientId, out var existing) ? existing.Id : "?";
                item.AddError("clientId", $"This value is already used (message {first}).");
                continue;
            }

            _byId[message.Id] = message;
            _latestTo.AddOrUpdate(
                message.To,
                static (_, fresh) => fresh,
                static (_, current, fresh) => string.CompareOrdinal(current.Id, fresh.Id) < 0 ? fresh : current, // ids grow
                message);
            accepted.Add(message);
        }

        Interlocked.Add(ref _accepted, accepted.Count);
        Interlocked.Add(ref _rejected, items.Count - accepted.Count);
        if (accepted.Count > 0)
        {
            lock (_all)
            {
                _all.AddRange(accepted);
            }

            account.Append(accepted);
        }

        return accepted;
    }

    /// <summary>Accepted messages in order, optionally only those to a number and/or with a clientId.</summary>
    public List<SimulatedMessage> List(string? to, string? clientId)
    {
        var now = Now;
        if (clientId is not null)
        {
            // clientIds are unique per token: look them up instead of scanning.
            return _tokens.Values
                .Select(a => a.ByClientId.TryGetValue(clientId, out var m) ? m : null)
                .OfType<SimMessage>()
                .Where(m => to is null || m.To == to)
                .OrderBy(m => m.Id, StringComparer.Ordinal)
                .Select(m => m.ToView(now))
                .ToList();
        }

        SimMessage[] snapshot;
        lock (_all)
        {
            snapshot = [.. _all];
        }

        var result = new List<SimulatedMessage>(to is null ? snapshot.Length : 4);
        foreach (var m in snapshot)
        {
            if (to is null || m.To == to)
            {
                result.Add(m.ToView(now));
            }
        }

        return result;
    }

    /// <summary>
    /// Records an inbound message from <paramref name="request"/> (validated) for
    /// <paramref name="account"/>'s callback; <paramref name="latest"/> is the message it answers, if any.
    /// </summary>
    public SimInbound AddInbound(TokenAccount account, SimMessage? latest, InboundRequest request)
    {
        var inbound = new SimInbound
        {
            Id = NextId(),
            Account = account,
            From = request.From!,
            To = latest?.From,
            Text = request.Text!,
            ClientId = InboundValidator.ClientIdFor(request, latest),
            Status = request.Status,
            EventAt = Now,
        };
        lock (_inbound)
        {
            _inbound.Add(inbound);
        }

        Interlocked.Increment(ref _inboundCount);
        return inbound;
    }

    /// <summary>Inbound messages in order, optionally only those from a number.</summary>
    public List<SimulatedInbound> ListInbound(string? from)
    {
        lock (_inbound)
        {
            return _inbound.Where(i => from is null || i.From == from).Select(i => i.ToView()).ToList();
        }
    }

    /// <summary>
    /// Forgets every message, clientId and inbound message (tokens, faults and outcomes stay;
    /// pending posts still go out).
    /// </summary>
    public void Clear()
    {
        lock (_inbound)
        {
            _inbound.Clear();
        }

        lock (_all)
        {
            _all.Clear();
            _byId.Clear();
            _latestTo.Clear();
            foreach (var account in _tokens.Values)
            {
                account.Clear();
            }
        }
    }

    /// <summary>A new id, shared by messages and inbound messages; ids grow in ordinal order.</summary>
    private string NextId() => _idPrefix + Interlocked.Increment(ref _nextId).ToString("x16");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
