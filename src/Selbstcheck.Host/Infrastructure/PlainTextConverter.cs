using System.Text.Json;
using System.Text.Json.Serialization;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// Every string a client sends is plain text: control characters other than tab and line breaks
/// (NUL, escape sequences, bell …) and broken UTF-16 (a lone surrogate) are refused as invalid JSON
/// with the field's path — they have no place in a title or a note, PostgreSQL cannot store NUL in
/// JSON, and in a log or a terminal they are an attack. No text is longer than <see cref="MaxLength"/>
/// characters (fields with their own, lower limit check it in their decision).
/// </summary>
public sealed class PlainTextConverter : JsonConverter<string>
{
    /// <summary>Begins every refusal of this converter (the problem writer passes such a message on as it is).</summary>
    public const string Refusal = "Ungültiger Text: ";

    /// <summary>The longest text any field takes (the longest a domain field allows is 8,000: a commentary).</summary>
    public const int MaxLength = 10_000;

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException(Refusal + "ein Text in Anführungszeichen wird erwartet.");
        return Checked(Text(ref reader));
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(Text(ref reader));

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);

    private static string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new JsonException(Refusal + "er enthält ungültige Zeichen.");
        }
    }

    private static string Checked(string text) => Problem(text) is { } problem ? throw new JsonException(problem) : text;

    /// <summary>Why a text is no plain text (the refusal, German), or null — for JSON bodies and page forms alike.</summary>
    public static string? Problem(string text)
    {
        if (text.Length > MaxLength) return $"{Refusal}höchstens {MaxLength} Zeichen.";
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) return $"{Refusal}Steuerzeichen (U+{(int)c:X4}) sind in Texten nicht erlaubt.";
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return Refusal + "er enthält ein unvollständiges Unicode-Zeichen.";
        }

        return null;
    }
}
