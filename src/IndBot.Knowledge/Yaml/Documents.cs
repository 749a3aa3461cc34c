// The shapes of the YAML files, as YamlDotNet reads them. The readers in Files/ turn them into the model.
namespace IndBot.Knowledge.Yaml;

internal sealed class FaqDocument
{
    public string? Id { get; set; }
    public Dictionary<string, string>? Title { get; set; }
    public Dictionary<string, string>? Question { get; set; }
    public Dictionary<string, List<string>>? Alternates { get; set; }
    public Dictionary<string, string>? Answer { get; set; }
    public List<string>? Related { get; set; }
    public string? Source { get; set; }
    public string? SourceNotes { get; set; }
    public string? Reviewed { get; set; }
}

internal sealed class DesksDocument
{
    public string? Source { get; set; }
    public string? SourceNotes { get; set; }
    public List<ServiceDocument>? Services { get; set; }
    public List<DeskDocument>? Desks { get; set; }
    public OverviewDocument? Overview { get; set; }
}

internal sealed class ServiceDocument
{
    public string? Id { get; set; }
    public bool Appointment { get; set; }
    public string? En { get; set; }
    public string? Nl { get; set; }
}

internal sealed class DeskDocument
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Building { get; set; }
    public string? Street { get; set; }
    public string? Postcode { get; set; }
    public string? City { get; set; }
    public List<string>? Aliases { get; set; }
    public Dictionary<string, string>? Hours { get; set; }
    public List<string>? Unavailable { get; set; }
    public Dictionary<string, string>? Note { get; set; }
    public Dictionary<string, List<string>>? Alternates { get; set; }
}

internal sealed class OverviewDocument
{
    public string? Id { get; set; }
    public Dictionary<string, string>? Title { get; set; }
    public Dictionary<string, string>? Answer { get; set; }
    public Dictionary<string, List<string>>? Alternates { get; set; }
}

internal sealed class ContactsDocument
{
    public string? Source { get; set; }
    public List<ChannelDocument>? Channels { get; set; }
    public OverviewDocument? Overview { get; set; }
}

internal sealed class ChannelDocument
{
    public string? Id { get; set; }
    public string? Kind { get; set; }
    public Dictionary<string, string>? Title { get; set; }
    public string? Value { get; set; }
    public string? Link { get; set; }
    public Dictionary<string, string>? Hours { get; set; }
    public Dictionary<string, string>? Answer { get; set; }
    public Dictionary<string, List<string>>? Alternates { get; set; }
    public string? SourceNotes { get; set; }
}

internal sealed class SmallTalkDocument
{
    public List<string>? SwitchBefore { get; set; }
    public List<string>? SwitchAfter { get; set; }
    public List<string>? SwitchArticles { get; set; }
    public List<string>? SwitchNegations { get; set; }
    public List<IntentDocument>? Intents { get; set; }
}

internal sealed class IntentDocument
{
    public string? Id { get; set; }
    public Dictionary<string, List<string>>? Phrasings { get; set; }
    public Dictionary<string, string>? Reply { get; set; }
    public string? SwitchTo { get; set; }
    public List<string>? Names { get; set; }
    public bool Alongside { get; set; }
}

internal sealed class OutOfScopeDocument
{
    public Dictionary<string, List<string>>? Phrasings { get; set; }
}
