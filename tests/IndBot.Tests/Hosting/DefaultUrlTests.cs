using IndBot.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace IndBot.Tests.Hosting;

public sealed class DefaultUrlTests
{
    [Theory]
    [InlineData(new string[0], "http://localhost:3978")]
    [InlineData(new[] { "--MicrosoftAppId", "6a1e3b8c-1f2d-4a5b-9c8d-7e6f5a4b3c2d" }, "http://*:3978")]
    [InlineData(new[] { "--urls", "http://0.0.0.0:5000" }, "http://0.0.0.0:5000")]
    [InlineData(new[] { "--http_ports", "8080" }, null)]
    public void UseIndBotDefaultUrls_Configuration_PicksAddress(string[] args, string? expected)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.UseIndBotDefaultUrls();

        Assert.Equal(expected, builder.WebHost.GetSetting("urls"));
    }
}
