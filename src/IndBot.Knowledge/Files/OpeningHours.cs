using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace IndBot.Knowledge.Files;

/// <summary>Reads opening hours (<c>monday: "09:00-16:00"</c>) of a desk or a contact channel.</summary>
internal static partial class OpeningHours
{
    /// <summary>The hours per weekday; a wrong day or time is a problem at its own line.</summary>
    public static WeeklyHours Read(YamlFile file, YamlNode? node, Dictionary<string, string>? hours)
    {
        var days = new Dictionary<DayOfWeek, TimeRange>();
        foreach (var (day, value) in hours ?? [])
        {
            var dayLine = YamlFile.LineOf(node, day);
            if (!Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out var dayOfWeek) || int.TryParse(day, out _))
            {
                file.Problem(dayLine, $"'{day}' is not a weekday (monday … sunday)");
                continue;
            }

            var match = HoursPattern().Match(value ?? "");
            if (!match.Success || !TryTime(match.Groups[1].Value, match.Groups[2].Value, out var from) ||
                !TryTime(match.Groups[3].Value, match.Groups[4].Value, out var to))
            {
                file.Problem(dayLine, $"the hours '{value}' on {day} are not valid times like 09:00-16:00");
                continue;
            }

            if (to <= from)
            {
                file.Problem(dayLine, $"the hours '{value}' on {day} close before they open");
                continue;
            }

            days[dayOfWeek] = new TimeRange(from, to);
        }

        return new WeeklyHours(days);
    }

    private static bool TryTime(string hours, string minutes, out TimeOnly time)
    {
        time = default;
        var hour = int.Parse(hours, CultureInfo.InvariantCulture);
        var minute = int.Parse(minutes, CultureInfo.InvariantCulture);
        if (hour > 23 || minute > 59)
        {
            return false;
        }

        time = new TimeOnly(hour, minute);
        return true;
    }

    [GeneratedRegex(@"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")]
    private static partial Regex HoursPattern();
}
