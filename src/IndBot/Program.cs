using IndBot.Cli;

if (StaffCommandLine.IsCommand(args))
{
    return await StaffCommandLine.RunAsync(args, Console.In, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.Run();
return 0;

public partial class Program;
