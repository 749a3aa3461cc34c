using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("IndBot.Answers.Tests")]
[assembly: InternalsVisibleTo("IndBot.Benchmarks")]
