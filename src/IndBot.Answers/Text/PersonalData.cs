using System.Text.RegularExpressions;

namespace IndBot.Answers.Text;

/// <summary>
/// Finds and redacts personal data people type: V-numbers (10 digits), BSNs (9 digits passing the 11-test),
/// e-mail addresses and phone numbers. Used before anything is searched, logged or stored.
/// </summary>
public static partial class PersonalData
{
    public const string Mask = "[removed]";

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    // Runs of digits with optional spaces, dots or dashes between them, optionally starting with + or (0.
    [GeneratedRegex(@"(?<![\w@])\+?\(?\d[\d\s().\-]{6,}\d(?!\w)")]
    private static partial Regex DigitRun();

    /// <summary>The text with personal data replaced by <see cref="Mask"/>, and whether anything was found.</summary>
    public static (string Text, bool Found) Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (text ?? "", false);
        }

        var found = false;
        var result = Email().Replace(text, _ =>
        {
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
