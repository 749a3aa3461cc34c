using YamlDotNet.Serialization;

namespace IndBot.Knowledge.Yaml;

/// <summary>
/// The YAML documents' shapes as generated code (YamlDotNet's static generator), so the deserializer needs no
/// reflection over them: reflection on first use was the largest part of reading the knowledge at start-up.
/// </summary>
[YamlStaticContext]
[YamlSerializable(typeof(FaqDocument))]
[YamlSerializable(typeof(DesksDocument))]
[YamlSerializable(typeof(ServiceDocument))]
[YamlSerializable(typeof(DeskDocument))]
[YamlSerializable(typeof(OverviewDocument))]
[YamlSerializable(typeof(ContactsDocument))]
[YamlSerializable(typeof(ChannelDocument))]
[YamlSerializable(typeof(SmallTalkDocument))]
[YamlSerializable(typeof(IntentDocument))]
[YamlSerializable(typeof(OutOfScopeDocument))]
public partial class DocumentsContext : StaticContext;
