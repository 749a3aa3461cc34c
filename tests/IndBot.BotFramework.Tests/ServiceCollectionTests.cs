using IndBot.BotFramework.Authentication;
using IndBot.BotFramework.Connector;
using IndBot.BotFramework.State;
using IndBot.BotFramework.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.Tests;

public class ServiceCollectionTests
{
    [Fact]
    public void AddBotFramework_NoSettings_ResolvesEverythingWithAuthDisabled()
    {
        using var services = AdapterHarness.BuildServices();

        Assert.Same(services.GetRequiredService<CloudAdapter>(), services.GetRequiredService<CloudAdapter>());
        Assert.IsType<MemoryStorage>(services.GetRequiredService<IStorage>());
        Assert.NotNull(services.GetRequiredService<IConnectorClientFactory>());
        Assert.False(services.GetRequiredService<IAccessTokenProvider>().IsEnabled);
        Assert.True(services.GetRequiredService<IOptions<BotFrameworkAuthenticationOptions>>().Value.IsAuthenticationDisabled);
    }

    [Fact]
    public void AddBotFramework_BindsSdkRootKeys()
    {
        using var services = AdapterHarness.BuildServices(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = "app",
            ["MicrosoftAppPassword"] = "pwd",
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppTenantId"] = "tenant-1",
        });

        var options = services.GetRequiredService<IOptions<BotFrameworkAuthenticationOptions>>().Value;

        Assert.Equal("app", options.MicrosoftAppId);
        Assert.Equal("https://login.microsoftonline.com/tenant-1", options.EffectiveLoginUrl);
        Assert.Equal("https://api.botframework.com", options.ToBotFromChannelTokenIssuer);
    }

    [Theory]
    [InlineData("UserAssignedMSI", "pwd", null)]
    [InlineData("SingleTenant", "pwd", null)]
    [InlineData("MultiTenant", null, null)]
    [InlineData("Nonsense", "pwd", null)]
    public void AddBotFramework_InvalidSettings_FailValidation(string appType, string? password, string? tenant)
    {
        using var services = AdapterHarness.BuildServices(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = "app",
            ["MicrosoftAppPassword"] = password,
            ["MicrosoftAppType"] = appType,
            ["MicrosoftAppTenantId"] = tenant,
        });

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BotFrameworkAuthenticationOptions>>().Value);
    }
}
