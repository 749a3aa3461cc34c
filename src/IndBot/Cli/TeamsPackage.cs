namespace IndBot.Cli;

/// <summary>Writes the Microsoft Teams app package (filled in when the Teams work lands).</summary>
public static class TeamsPackage
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        error.WriteLine("teams-package is not available in this build.");
        return Task.FromResult(2);
    }
}
