using System.Globalization;

namespace IndBot.Knowledge.Files;

/// <summary>Reads <c>places/places.tsv</c>: name, latitude and longitude inside the Netherlands, other names.</summary>
internal static class PlacesFile
{
    public const string Name = "places/places.tsv";

    public static IReadOnlyList<Place> Read(string root, List<KnowledgeProblem> problems)
    {
        var places = new List<Place>();
        var path = Path.Combine(root, "places", "places.tsv");
        if (!File.Exists(path))
        {
            problems.Add(new KnowledgeProblem(Name, 0, "the file is missing"));
            return places;
        }

        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.Trim().Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var parts = text.Split('\t');
            if (parts.Length is < 3 or > 4 || parts[0].Trim().Length == 0)
            {
                problems.Add(new KnowledgeProblem(Name, line, "expected name<TAB>latitude<TAB>longitude<TAB>other names"));
                continue;
            }

            if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
                || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
                || latitude is < 50.5 or > 53.8 || longitude is < 3.2 or > 7.3)
            {
                problems.Add(new KnowledgeProblem(Name, line, $"'{parts[1]}, {parts[2]}' is not a latitude and longitude in the Netherlands"));
                continue;
            }

            var others = parts.Length == 4
                ? parts[3].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : [];
            places.Add(new Place(parts[0].Trim(), latitude, longitude, others));
        }

        return places;
    }
}
