using IndBot.Hosting;
using IndBot.Testing;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace IndBot.Tests.Hosting;

/// <summary>Without a MicrosoftAppId nobody is authenticated: the operator is told so, loudly, at start.</summary>
[Collection(HostCollection.Name)]
public sealed class AnonymousModeTests(IndBotFactory factory)
{
    [Fact]
    public void Start_WithoutAppId_WarnsThatAuthenticationIsOff()
    {
        Assert.Contains(factory.Logs.Logs, l => l.Level == LogLevel.Warning && l.Message.Contains("Authentication is off", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://*:3978")]
    [InlineData("http://+:80")]
    [InlineData("http://[::]:3978")]
    [InlineData("http://10.1.2.3:3978")]
    public void Start_WithoutAppIdOnEveryInterface_WarnsNamingTheAddress(string address)
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));

        AnonymousModeWarning.Warn(loggerFactory.CreateLogger("test"), authenticationDisabled: true, ["http://localhost:3978", address]);

        var warning = Assert.Single(logs.Logs, l => l.Level == LogLevel.Warning && l.Message.Contains("other machines", StringComparison.Ordinal));
        Assert.Contains(address, warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "http://localhost:3978", "http://127.0.0.1:3978", "http://[::1]:3978")]
    [InlineData(false, "http://0.0.0.0:3978")]
    public void Start_LoopbackOnlyOrWithAppId_NoInterfaceWarning(bool authenticationDisabled, params string[] addresses)
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));

        AnonymousModeWarning.Warn(loggerFactory.CreateLogger("test"), authenticationDisabled, addresses);

        Assert.DoesNotContain(logs.Logs, l => l.Message.Contains("other machines", StringComparison.Ordinal));
        Assert.Equal(authenticationDisabled, logs.Logs.Any(l => l.Message.Contains("Authentication is off", StringComparison.Ordinal)));
    }
}
