namespace IndBot.Answers.Decisions;

/// <summary>Decides how to answer one message. Thread-safe; never throws for any text.</summary>
public interface IAnswerEngine
{
    Decision Decide(Question question);
}
