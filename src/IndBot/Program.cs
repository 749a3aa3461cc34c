using IndBot.BotFramework;
using IndBot.BotFramework.DirectLine;
using IndBot.ClientApp;
using IndBot.Cli;
using IndBot.Hosting;
using IndBot.Staff;

if (StaffCommandLine.IsCommand(args))
{
    return await StaffCommandLine.RunAsync(args, Console.In, Console.Out, Console.Error);
}

// The web root (and, unless the working directory has one, appsettings.json) come from the program's folder, as
// knowledge/ does: started from any working directory, the page and the configuration are there.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = WebRootLocator.Find(args),
    ContentRootPath = WebRootLocator.FindContentRoot(args),
});
builder.UseIndBotDefaultUrls();
builder.AddIndBotKnowledge();
builder.AddIndBotTelemetry();
builder.Services.AddBotFramework(builder.Configuration);
builder.Services.AddDirectLine(builder.Configuration);
builder.Services.AddIndBot(builder.Configuration);
builder.Services.AddIndBotRateLimits();
builder.AddIndBotStaff();

var app = builder.Build();
app.UseIndBotRateLimits();
app.MapIndBotHealth();
app.MapBotMessages();
app.MapDirectLine();
app.MapChatWidget();
app.MapIndBotStaff();
await app.RunAsync();
return 0;

public partial class Program;
