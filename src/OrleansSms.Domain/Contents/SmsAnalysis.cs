namespace OrleansSms.Domain.Contents;

/// <summary>
/// What <see cref="SmsAnalyzer.Analyze(string)"/> reports for an SMS text.
/// </summary>
/// <param name="Encoding"><see cref="SmsEncoding.Gsm7"/>, or <see cref="SmsEncoding.Ucs2"/> when any
/// character is outside GSM 03.38.</param>
/// <param name="Characters">GSM-7: septets (an extension-table character counts 2). UCS-2: UTF-16
/// code units (an emoji outside the BMP counts 2).</param>
/// <param name="Segments">Parts the message is sent in (0 for an empty text).</param>
/// <param name="NonGsmCharacters">Every distinct character that forces UCS-2, in order of first
/// appearance; each entry is one user-perceived character (a grapheme cluster, so an emoji, even
/// one with a skin tone or a flag, is one entry). Empty for GSM-7.</param>
/// <param name="Variables">Distinct <c>{{name}}</c> variable names in order of first appearance.</param>
public sealed record SmsAnalysis(
    SmsEncoding Encoding,
    int Characters,
    int Segments,
    IReadOnlyList<string> NonGsmCharacters,
    IReadOnlyList<string> Variables);
