namespace OrleansSms.Domain.Contents;

/// <summary>How an SMS text is encoded on the air interface.</summary>
public enum SmsEncoding
{
    /// <summary>GSM 03.38 7-bit default alphabet (basic table plus extension table).</summary>
    Gsm7 = 0,

    /// <summary>UCS-2 (16 bits per code unit): used as soon as one character is outside GSM 03.38.</summary>
    Ucs2 = 1,
}
