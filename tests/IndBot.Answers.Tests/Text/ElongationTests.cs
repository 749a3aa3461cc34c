using IndBot.Answers.Text;

namespace IndBot.Answers.Tests.Text;

public sealed class ElongationTests
{
    [Theory]
    [InlineData("pleeease", "please")]
    [InlineData("hiii", "hi")]
    [InlineData("heyy", "hey")]
    [InlineData("fingerprintsss", "fingerprints")]
    public void Variants_RepeatedLetters_IncludeTheWordMeant(string typed, string meant)
    {
        Assert.Contains(meant, Elongation.Variants(typed));
    }

    [Theory]
    [InlineData("desk")]
    [InlineData("14:30")]
    public void Variants_NoRepeatedLetter_AreNone(string word)
    {
        Assert.Empty(Elongation.Variants(word));
    }

    [Fact]
    public void Variants_DigitsAreNotLetters_StayAsTyped()
    {
        Assert.DoesNotContain(Elongation.Variants("1000aa"), v => v.StartsWith("10a", StringComparison.Ordinal));
    }
}
