using System.Net;
using System.Web;
using IndBot.Tests.Infrastructure;

namespace IndBot.Tests.Staff;

/// <summary>Nothing under /staff is reachable without signing in (or, with local access on, from this machine).</summary>
public sealed class StaffSignInTests
{
    private static readonly string[] StaffUrls = ["/staff", "/staff/assets/staff.css"];

    [Collection(HostCollection.Name)]
    public sealed class WithoutConfiguration(IndBotFactory factory)
    {
        [Theory]
        [InlineData("/staff")]
        [InlineData("/staff/missed")]
        [InlineData("/staff/questions")]
        [InlineData("/staff/api/ask")]
        public async Task Staff_NotConfigured_IsNotThere(string url)
        {
            using var client = factory.CreateClient();

            using var get = await client.GetAsync(url);
            using var post = await client.PostAsync(url, new StringContent("{}"));

            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }
    }

    public sealed class LocalAccess : IClassFixture<LocalAccess.Factory>
    {
        private readonly Factory _factory;

        public LocalAccess(Factory factory) => _factory = factory;

        [Theory]
        [InlineData("203.0.113.7")]
        [InlineData("10.0.0.4")]
        [InlineData("::ffff:192.0.2.1")]
        public async Task Staff_FromAnotherMachine_IsRefused(string address)
        {
            using var client = _factory.CreateStaffClient(address);
            foreach (var url in StaffUrls)
            {
                using var response = await client.GetAsync(url);

                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.DoesNotContain("Test pane", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        [Fact]
        public async Task Staff_WithoutRemoteAddress_IsRefused()
        {
            using var client = _factory.CreateStaffClient();

            using var response = await client.GetAsync("/staff");

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        [Fact]
        public async Task Staff_FromLoopback_ShowsThePage()
        {
            using var client = _factory.CreateStaffClient("127.0.0.1");

            using var response = await client.GetAsync("/staff");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Signed in as local (loopback)", html, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Staff_FromLoopbackThroughAProxy_IsRefused()
        {
            using var client = _factory.CreateStaffClient("127.0.0.1");
            using var request = new HttpRequestMessage(HttpMethod.Get, "/staff");
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");

            using var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        public sealed class Factory() : StaffFactory(new Dictionary<string, string?> { ["Staff:LocalAccess"] = "true" });
    }

    public sealed class EntraSignIn : IClassFixture<EntraSignIn.Factory>
    {
        private const string Group = "9f1c2d3e-0000-4000-8000-00000000abcd";
        private readonly Factory _factory;

        public EntraSignIn(Factory factory) => _factory = factory;

        [Fact]
        public async Task Staff_NotSignedIn_RedirectsToTheAuthority()
        {
            using var client = _factory.CreateStaffClient("203.0.113.7");

            using var response = await client.GetAsync("/staff");

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!;
            Assert.StartsWith(FakeAuthority.AuthorizeEndpoint, location.ToString(), StringComparison.Ordinal);
            var query = HttpUtility.ParseQueryString(location.Query);
            Assert.Equal(FakeAuthority.ClientId, query["client_id"]);
            Assert.Equal("https://localhost/staff/signin-oidc", query["redirect_uri"]);
        }

        [Fact]
        public async Task StaffApi_NotSignedIn_IsUnauthorized()
        {
            using var client = _factory.CreateStaffClient("203.0.113.7");

            using var response = await client.PostAsync("/staff/api/ask", new StringContent("{}"));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        [Fact]
        public async Task Staff_SignedInInTheAllowedGroup_ShowsThePageWithTheirName()
        {
            using var client = _factory.CreateStaffClient("203.0.113.7");

            await SignInAsync(client, "Anna de Vries", [Group, "other-group"]);
            using var response = await client.GetAsync("/staff");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Signed in as Anna de Vries", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Staff_SignedInWithoutTheGroup_IsForbidden()
        {
            using var client = _factory.CreateStaffClient("203.0.113.7");

            await SignInAsync(client, "Someone Else", ["other-group"]);
            using var response = await client.GetAsync("/staff");

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        [Fact]
        public async Task Staff_LocalAccessOff_LoopbackStillSignsIn()
        {
            using var client = _factory.CreateStaffClient("127.0.0.1");

            using var response = await client.GetAsync("/staff");

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        /// <summary>The authorization code flow as a browser runs it: challenge, the authority's form post back, the cookie.</summary>
        private async Task SignInAsync(HttpClient client, string name, IReadOnlyList<string> groups)
        {
            using var challenge = await client.GetAsync("/staff");
            Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
            var query = HttpUtility.ParseQueryString(challenge.Headers.Location!.Query);
            _factory.Authority.NextIdToken = _factory.Authority.IdToken(query["nonce"]!, name, groups);

            using var callback = await client.PostAsync("/staff/signin-oidc", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["code"] = "authorization-code",
                ["state"] = query["state"]!,
            }));

            Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
            Assert.Equal("/staff", callback.Headers.Location!.OriginalString.Replace("https://localhost", "", StringComparison.Ordinal));
        }

        public sealed class Factory() : StaffFactory(new Dictionary<string, string?>
        {
            ["Staff:Authority"] = FakeAuthority.Authority,
            ["Staff:ClientId"] = FakeAuthority.ClientId,
            ["Staff:ClientSecret"] = "test-secret",
            ["Staff:AllowedGroup"] = Group,
        });
    }
}
