using System.Net;
using System.Text.Json;
using IndBot.Tests.Infrastructure;

namespace IndBot.Tests.Hosting;

[Collection(HostCollection.Name)]
public sealed class HealthTests(IndBotFactory factory)
{
    [Fact]
    public async Task Healthz_AfterLoad_Returns200WithKnowledge()
    {
        using var response = await factory.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        Assert.True(json.RootElement.GetProperty("knowledge").GetProperty("faqs").GetInt32() > 0);
        Assert.Equal(0, json.RootElement.GetProperty("problems").GetArrayLength());
    }

    [Fact]
    public async Task ApiMessages_Get_IsNotAllowed()
    {
        using var response = await factory.CreateClient().GetAsync("/api/messages");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
