using IndBot.Answers.Text;

namespace IndBot.Answers.Tests.Text;

public class PersonalDataTests
{
    [Theory]
    [InlineData("my V-number is 1234567890", "1234567890")]
    [InlineData("V-nummer: 12 3456 7890", "12 3456 7890")]
    [InlineData("my BSN is 111222333", "111222333")]
    [InlineData("mail me at jan.jansen@example.nl please", "jan.jansen@example.nl")]
    [InlineData("call me on +31 6 12345678", "+31 6 12345678")]
    [InlineData("my number is 06-12345678", "06-12345678")]
    public void Redact_PersonalData_IsRemoved(string text, string personal)
    {
        var (redacted, found) = PersonalData.Redact(text);

        Assert.True(found);
        Assert.DoesNotContain(personal, redacted, StringComparison.Ordinal);
        Assert.Contains(PersonalData.Mask, redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my IBAN is NL91ABNA0417164300", "0417164300")]
    [InlineData("rekening NL91 ABNA 0417 1643 00 graag", "ABNA 0417")]
    [InlineData("iban nl91abna0417164300", "0417164300")]
    [InlineData("pay from DE89 3704 0044 0532 0130 00", "3704 0044")]
    [InlineData("my passport number is NW3F5R6T1", "NW3F5R6T1")]
    [InlineData("paspoortnummer: SPECI2014 verlopen", "SPECI2014")]
    [InlineData("Passport no. X1234567 lost", "X1234567")]
    [InlineData("my document number is NXC0F1P34", "NXC0F1P34")]
    [InlineData("V-number 1234\u200B567890", "567890")]
    [InlineData("BSN 111\u2060222\u2060333", "222")]
    [InlineData("V-nummer 12\uFEFF34\u00AD56\u200D7890", "7890")]
    public void Redact_MorePersonalData_IsRemoved(string text, string personal)
    {
        var (redacted, found) = PersonalData.Redact(text);

        Assert.True(found);
        Assert.DoesNotContain(personal, redacted, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(PersonalData.Mask, redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my passport expired, can I travel?")]
    [InlineData("I lost my passport in Rotterdam")]
    [InlineData("NL91 is not an IBAN")]
    [InlineData("Form NL12ABCD is not a bank account")]
    [InlineData("what does MVV mean for my passport?")]
    public void Redact_WordsNearPassportOrIban_LeavesTheTextAlone(string text)
    {
        Assert.Equal((text, false), PersonalData.Redact(text));
    }

    [Theory]
    [InlineData("is 123456789 my BSN?")]
    [InlineData("call the IND on 088 0430 430")]
    [InlineData("from abroad +31 88 0430 430")]
    [InlineData("the number 0880 - 430 430")]
    [InlineData("Postbus 287, 7600 AG Almelo")]
    [InlineData("open from 09:00 to 17:00 on 25-11-2026")]
    [InlineData("Where is the IND desk in Utrecht?")]
    public void Redact_NoPersonalData_LeavesTheTextAlone(string text)
    {
        Assert.Equal((text, false), PersonalData.Redact(text));
    }

    [Theory]
    [InlineData("111222333", true)]
    [InlineData("123456782", true)]
    [InlineData("123456789", false)]
    [InlineData("000000000", false)]
    [InlineData("11122233", false)]
    [InlineData("11122233x", false)]
    public void IsBsn_ElevenTest_DecidesWhatIsABsn(string digits, bool isBsn)
    {
        Assert.Equal(isBsn, PersonalData.IsBsn(digits));
    }
}
