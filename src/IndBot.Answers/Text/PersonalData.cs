using System.Text.RegularExpressions;

namespace IndBot.Answers.Text;

/// <summary>
/// Finds and redacts personal data people type: V-numbers (10 digits), BSNs (9 digits passing the 11-test),
/// e-mail addresses, phone numbers, IBANs (checksum-tested) and passport or ID-card numbers. Invisible format
/// characters (zero-width space, word joiner, soft hyphen…) are removed first, so they cannot hide a number.
/// Used before anything is searched, logged or stored.
/// </summary>
public static partial class PersonalData
{
    public const string Mask = "[removed]";

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    // Runs of digits with optional spaces, dots or dashes between them, optionally starting with + or (0.
    [GeneratedRegex(@"(?<![\w@])\+?\(?\d[\d\s().\-]{6,}\d(?!\w)")]
    private static partial Regex DigitRun();

    // Country code, check digits, then the account in groups of four (printed) or in one run; the checksum decides.
    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])")]
    private static partial Regex IbanShape();

    // A document number named as such: "passport number is X1234567", "paspoortnummer: NW3F5R6T1", "ID card no. …".
    [GeneratedRegex(@"(?<=\b(?:passport|paspoort|passeport|reisdocument|travel document|document|id[- ]?card|id[- ]?kaart|identiteitskaart|identity card)(?:\s*(?:number|nummer|num|no|nr)\b\.?)?(?:\s*(?:is|was|:|#))?\s*)[A-Za-z0-9]{6,12}\b", RegexOptions.IgnoreCase)]
    private static partial Regex NamedDocumentNumber();

    // The Dutch passport and ID-card number as printed: two letters, six letters or digits, a digit (no letter O).
    [GeneratedRegex(@"\b[A-NP-Z]{2}[A-NP-Z0-9]{6}[0-9]\b")]
    private static partial Regex DutchDocumentNumber();

    /// <summary>The text with personal data replaced by <see cref="Mask"/>, and whether anything was found.</summary>
    public static (string Text, bool Found) Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (text ?? "", false);
        }

        var found = false;
        var result = WithoutFormatCharacters(text);
        if (result.Contains('@'))
        {
            result = Email().Replace(result, _ =>
            {
                found = true;
                return Mask;
            });
        }

        // Every other kind of personal data holds a digit; most messages hold none.
        if (!result.Any(char.IsDigit))
        {
            return (result, found);
        }

        result = IbanShape().Replace(result, m =>
        {
            if (!IsIban(m.Value))
            {
                return m.Value;
            }

            found = true;
            return Mask;
        });
        result = NamedDocumentNumber().Replace(result, m =>
        {
            if (!m.Value.Any(char.IsDigit))
            {
                return m.Value;
            }

            found = true;
            return Mask;
        });
        result = DutchDocumentNumber().Replace(result, m =>
        {
            if (m.Value.Count(char.IsDigit) < 2)
            {
                return m.Value;
            }

            found = true;
            return Mask;
        });
        result = DigitRun().Replace(result, m =>
        {
            var digits = new string(m.Value.Where(char.IsDigit).ToArray());
            if (IsPersonalNumber(digits, m.Value))
            {
                found = true;
                return Mask;
            }

            return m.Value;
        });
        return (result, found);
    }

    public static bool Contains(string text) => Redact(text).Found;

    /// <summary>Zero-width characters, word joiners, soft hyphens and bidi marks removed (they would split a number in two).</summary>
    private static string WithoutFormatCharacters(string text)
    {
        if (!text.Any(IsFormat))
        {
            return text;
        }

        return string.Concat(text.Where(c => !IsFormat(c)));

        static bool IsFormat(char c) => c > '\u007f' && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;
    }

    /// <summary>ISO 13616 check: move the first four characters to the end, letters to numbers, the number mod 97 is 1.</summary>
    private static bool IsIban(string candidate)
    {
        var compact = candidate.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (compact.Length is < 15 or > 34)
        {
            return false;
        }

        var remainder = 0;
        foreach (var c in compact[4..] + compact[..4])
        {
            var value = c is >= '0' and <= '9' ? c - '0' : c is >= 'A' and <= 'Z' ? c - 'A' + 10 : -1;
            if (value < 0)
            {
                return false;
            }

            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }

        return remainder == 1;
    }

    private static bool IsPersonalNumber(string digits, string raw)
    {
        if (IsPublicNumber(digits))
        {
            return false;
        }

        return digits.Length switch
        {
            10 => true, // a V-number, or a Dutch phone number such as 06 12345678
            9 => IsBsn(digits) || raw.TrimStart().StartsWith('+'),
            >= 11 and <= 15 => true, // international phone numbers
            _ => false,
        };
    }

    /// <summary>The IND's own numbers are not personal.</summary>
    private static bool IsPublicNumber(string digits) => digits is "0880430430" or "31880430430" or "880430430" or "088430430";

    /// <summary>The "11-test" for Dutch citizen service numbers.</summary>
    public static bool IsBsn(string digits)
    {
        if (digits.Length != 9 || !digits.All(char.IsDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (9 - i) * (digits[i] - '0');
        }

        sum -= digits[8] - '0';
        return sum % 11 == 0 && digits != "000000000";
    }
}
