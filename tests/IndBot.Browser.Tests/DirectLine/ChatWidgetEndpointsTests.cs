using System.Net;
using IndBot.Browser.Tests.Infrastructure;

namespace IndBot.Browser.Tests.DirectLine;

public sealed class ChatWidgetEndpointsTests
{
    [Fact]
    public async Task DemoPage_HasStrictContentSecurityPolicyAndEmbedsWidget()
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync();
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/widget.js\" async></script>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("<script>|<script [^>]*>[^<]", html);
        Assert.Contains("Bergstraat 58", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dist/index.html")]
    [InlineData("/dist/index.html?v=1")]
    public async Task DemoPageUnderDist_HasTheSameFrameProtectionAndPolicy(string path)
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync();
        using var client = host.CreateClient();

        using var root = await client.GetAsync("/");
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(root.Headers.GetValues("Content-Security-Policy").Single(), response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task WidgetScript_IsServedAsJavaScriptWithRevalidation()
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync();
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/widget.js");
        var script = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        Assert.Contains("/v3/directline", script, StringComparison.Ordinal);
        Assert.DoesNotContain("__WEBCHAT_VERSION__", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebChatBundle_BrotliAccepted_ServesCompressedCopy()
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dist/webchat.js?v=1");
        request.Headers.Add("Accept-Encoding", "gzip, br");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dist/../Program.cs")]
    [InlineData("/dist/missing.js")]
    [InlineData("/dist/webchat.js.map")]
    public async Task DistRoute_OnlyServesExistingAssets(string path)
    {
        await using var host = await DirectLineTestHost.StartInMemoryAsync();
        using var client = host.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
