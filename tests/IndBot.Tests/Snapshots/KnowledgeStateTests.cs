using IndBot.Answers.Decisions;
using IndBot.Knowledge;
using IndBot.Snapshots;
using Moq;

namespace IndBot.Tests.Snapshots;

/// <summary>A reload while turns run: each turn answers from the snapshot it acquired; a replaced one closes with its last turn.</summary>
public sealed class KnowledgeStateTests
{
    private static readonly Lazy<KnowledgeBase> Knowledge = new(() => KnowledgeLoader.Load(KnowledgeLocator.Find(null)));
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Acquire_ReloadDuringATurn_TheTurnStillAnswersAndItsIndexClosesWhenItEnds()
    {
        var state = new KnowledgeState();
        var index = new ClosingIndex(EngineFactory.Build(Knowledge.Value, TimeProvider.System));
        state.Publish(new KnowledgeSnapshot(Knowledge.Value, index.Loaded.Engine, Now, index), "knowledge", Now);
        var turn = state.Acquire()!;

        state.Publish(new KnowledgeSnapshot(Knowledge.Value, Mock.Of<IAnswerEngine>(), Now), "knowledge", Now);
        var decision = turn.Engine.Decide(new Question("When do I give my fingerprints?"));

        Assert.Equal(("biometrics", false), (decision.EntryId, index.Closed));
        state.Release(turn);
        Assert.True(index.Closed);
    }

    [Fact]
    public void Release_CurrentSnapshot_StaysOpenForTheNextTurn()
    {
        var state = new KnowledgeState();
        var index = new ClosingIndex(null);
        var snapshot = new KnowledgeSnapshot(Knowledge.Value, Mock.Of<IAnswerEngine>(), Now, index);
        state.Publish(snapshot, "knowledge", Now);

        state.Release(state.Acquire()!);
        var next = state.Acquire();

        Assert.Same(snapshot, next);
        Assert.False(index.Closed);
    }

    [Fact]
    public void Acquire_AfterAReload_GetsTheNewSnapshotAndTheOldOneCloses()
    {
        var state = new KnowledgeState();
        var oldIndex = new ClosingIndex(null);
        state.Publish(new KnowledgeSnapshot(Knowledge.Value, Mock.Of<IAnswerEngine>(), Now, oldIndex), "knowledge", Now);
        var reloaded = new KnowledgeSnapshot(Knowledge.Value, Mock.Of<IAnswerEngine>(), Now);

        state.Publish(reloaded, "knowledge", Now);

        Assert.Same(reloaded, state.Acquire());
        Assert.True(oldIndex.Closed);
    }

    /// <summary>The index of a snapshot: records that it was closed (and closes the real one, if any).</summary>
    private sealed class ClosingIndex(LoadedEngine? loaded) : IDisposable
    {
        public LoadedEngine Loaded => loaded!;

        public bool Closed { get; private set; }

        public void Dispose()
        {
            Closed = true;
            loaded?.Dispose();
        }
    }
}
