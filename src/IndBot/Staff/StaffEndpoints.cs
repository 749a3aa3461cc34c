using System.Reflection;
using System.Text.Json;
using IndBot.Feedback;
using IndBot.Snapshots;
using Microsoft.AspNetCore.Antiforgery;

namespace IndBot.Staff;

/// <summary>Everything under <c>/staff</c>; the group carries the staff policy, so no endpoint here is anonymous.</summary>
public static class StaffEndpoints
{
    public static void Map(RouteGroupBuilder staff)
    {
        ArgumentNullException.ThrowIfNull(staff);
        staff.MapGet("/", (HttpContext http) => StaffPage.Render(http, "", "Test pane", TestPane.Body(), "/dist/webchat.js", StaffHostingExtensions.BasePath + "/assets/staff-api.js", StaffHostingExtensions.BasePath + "/assets/test-pane.js"));

        staff.MapGet("/" + MissedPage.Path, (HttpContext http, IFeedbackStore store, Teacher teacher, IAntiforgery antiforgery, string? language, string? from, string? to) =>
            MissedPage.RenderAsync(http, store, TeachPage.Forms(teacher, antiforgery.GetAndStoreTokens(http)), language, from, to));
        // The form is read (and its token checked) in the handler, so a stale page gets a readable answer.
        staff.MapPost("/teach", TeachPage.AcceptAsync).DisableAntiforgery();
        staff.MapGet("/" + TeachPage.ChangesPath, TeachPage.ChangesAsync);
        staff.MapGet("/" + TeachPage.ChangesPath + ".patch", TeachPage.PatchAsync);
        staff.MapGet("/" + QuestionSetPage.Path, QuestionSetPage.Render);
        // Like teaching: the form (and its token) is read in the handler, so a bad upload gets a readable 400.
        staff.MapPost("/" + QuestionSetPage.Path, QuestionSetPage.RunAsync).DisableAntiforgery();

        // Scripts post JSON with the antiforgery token in a header; the group checks it before any handler runs.
        var api = staff.MapGroup("/api").AddEndpointFilter(async (context, next) =>
        {
            try
            {
                await context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context.HttpContext);
            }
            catch (AntiforgeryValidationException)
            {
                return StaffPage.Problem("This page has expired; reload it and try again.");
            }

            return await next(context);
        });
        api.MapPost("/ask", async (HttpContext http, KnowledgeState knowledge, TimeProvider time) =>
            await ReadJsonAsync<TestPane.AskRequest>(http) is { } request ? TestPane.Ask(request, knowledge, time) : StaffPage.Problem("The request was not understood."));
        staff.MapGet("/assets/{file:regex(^[a-z-]+\\.(js|css)$)}", (string file, HttpResponse response) => Asset(file, response));
    }

    /// <summary>The request's JSON body, or null when it is not JSON of that shape (a clear 400, never a 500).</summary>
    private static async Task<T?> ReadJsonAsync<T>(HttpContext http) where T : class
    {
        try
        {
            return http.Request.HasJsonContentType() ? await http.Request.ReadFromJsonAsync<T>(http.RequestAborted) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Asset(string file, HttpResponse response)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("IndBot.Staff.Assets." + file);
        if (stream is null)
        {
            return Results.NotFound();
        }

        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        return Results.Stream(stream, file.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
    }
}

internal static class StaffServiceCollectionExtensions
{
    public static IServiceCollection AddStaffServices(this IServiceCollection services) => services.AddSingleton<Teacher>().AddSingleton<QuestionSetRunner>();
}
