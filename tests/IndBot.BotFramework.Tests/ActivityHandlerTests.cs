using System.Text.Json;
using IndBot.BotFramework.Schema;
using IndBot.Testing;
using Moq;

namespace IndBot.BotFramework.Tests;

public class ActivityHandlerTests
{
    [Theory]
    [InlineData(ActivityTypes.Message, "message")]
    [InlineData(ActivityTypes.Event, "event")]
    [InlineData(ActivityTypes.EndOfConversation, "endOfConversation")]
    [InlineData(ActivityTypes.Typing, "typing")]
    [InlineData("ping", "unrecognized")]
    [InlineData("deleteUserData", "unrecognized")]
    [InlineData("Message", "unrecognized")]
    public async Task OnTurnAsync_RoutesByType(string type, string expected)
    {
        var bot = new RecordingHandler();

        await bot.OnTurnAsync(Context(new Activity { Type = type }).Object, CancellationToken.None);

        Assert.Equal([expected], bot.Calls);
    }

    [Fact]
    public async Task ConversationUpdate_MembersAdded_ExcludesTheBotItself()
    {
        var bot = new RecordingHandler();
        var activity = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            Recipient = new ChannelAccount("bot-1"),
            MembersAdded = [new ChannelAccount("bot-1", "Bot"), new ChannelAccount("user-1", "User")],
        };

        await bot.OnTurnAsync(Context(activity).Object, CancellationToken.None);

        Assert.Equal(["membersAdded:user-1"], bot.Calls);
    }

    [Fact]
    public async Task ConversationUpdate_OnlyBotAdded_DoesNotCallMembersAdded()
    {
        var bot = new RecordingHandler();
        var activity = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            Recipient = new ChannelAccount("28:app"),
            MembersAdded = [new ChannelAccount("28:app")],
        };

        await bot.OnTurnAsync(Context(activity).Object, CancellationToken.None);

        Assert.Empty(bot.Calls);
    }

    [Fact]
    public async Task ConversationUpdate_NoRecipientEmptyMembers_IsTolerated()
    {
        var bot = new RecordingHandler();

        await bot.OnTurnAsync(Context(new Activity { Type = ActivityTypes.ConversationUpdate, MembersAdded = [] }).Object, CancellationToken.None);

        Assert.Empty(bot.Calls);
    }

    [Fact]
    public async Task ConversationUpdate_MembersRemoved_ExcludesTheBotItself()
    {
        var bot = new RecordingHandler();
        var activity = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            Recipient = new ChannelAccount("bot-1"),
            MembersRemoved = [new ChannelAccount("bot-1"), new ChannelAccount("user-2")],
        };

        await bot.OnTurnAsync(Context(activity).Object, CancellationToken.None);

        Assert.Equal(["membersRemoved:user-2"], bot.Calls);
    }

    [Fact]
    public async Task MessageReaction_RoutesAddedAndRemoved()
    {
        var bot = new RecordingHandler();
        var activity = new Activity
        {
            Type = ActivityTypes.MessageReaction,
            ReactionsAdded = [new MessageReaction { Type = "like" }],
            ReactionsRemoved = [new MessageReaction { Type = "heart" }],
        };

        await bot.OnTurnAsync(Context(activity).Object, CancellationToken.None);

        Assert.Equal(["reactionsAdded:like", "reactionsRemoved:heart"], bot.Calls);
    }

    [Theory]
    [InlineData("add", "installAdd")]
    [InlineData("add-upgrade", "installAdd")]
    [InlineData("remove", "installRemove")]
    [InlineData("remove-upgrade", "installRemove")]
    public async Task InstallationUpdate_RoutesByAction(string action, string expected)
    {
        var bot = new RecordingHandler();

        await bot.OnTurnAsync(Context(new Activity { Type = ActivityTypes.InstallationUpdate, Action = action }).Object, CancellationToken.None);

        Assert.Equal([expected], bot.Calls);
    }

    [Fact]
    public async Task Invoke_Unhandled_SendsInvokeResponse501()
    {
        var context = Context(new Activity { Type = ActivityTypes.Invoke, Name = "task/fetch" });
        Activity? sent = null;
        context.Setup(c => c.SendActivityAsync(It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
            .Callback<Activity, CancellationToken>((a, _) => sent = a)
            .ReturnsAsync(new ResourceResponse());

        await new ActivityHandler().OnTurnAsync(context.Object, CancellationToken.None);

        Assert.Equal(ActivityTypes.InvokeResponse, sent!.Type);
        Assert.Equal(501, sent.Value!.Value.GetProperty("status").GetInt32());
    }

    private static Mock<ITurnContext> Context(Activity activity)
    {
        var context = new Mock<ITurnContext>();
        context.SetupGet(c => c.Activity).Returns(activity);
        context.SetupGet(c => c.TurnState).Returns(new Dictionary<string, object>());
        return context;
    }

    [Fact]
    public async Task TestFlow_Message_ReplyIsAddressedToItsConversationAndMessage()
    {
        var adapter = new TestAdapter(new EchoHandler());

        await adapter.Send("hello").AssertReply(reply =>
        {
            Assert.Equal(("Echo: hello", adapter.ConversationId, "user"), (reply.Text, reply.Conversation?.Id, reply.Recipient?.Id));
            Assert.StartsWith("user-", reply.ReplyToId, StringComparison.Ordinal);
        }).StartTestAsync();
    }

    private sealed class EchoHandler : ActivityHandler
    {
        protected override Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
            turnContext.SendActivityAsync("Echo: " + turnContext.Activity.Text, cancellationToken: cancellationToken);
    }

    private sealed class RecordingHandler : ActivityHandler
    {
        public List<string> Calls { get; } = [];

        protected override Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Record("message");

        protected override Task OnEventActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Record("event");

        protected override Task OnEndOfConversationActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Record("endOfConversation");

        protected override Task OnTypingActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Record("typing");

        protected override Task OnUnrecognizedActivityTypeAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Record("unrecognized");

        protected override Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken) =>
            Record("membersAdded:" + string.Join(",", membersAdded.Select(m => m.Id)));

        protected override Task OnMembersRemovedAsync(IList<ChannelAccount> membersRemoved, ITurnContext turnContext, CancellationToken cancellationToken) =>
            Record("membersRemoved:" + string.Join(",", membersRemoved.Select(m => m.Id)));

        protected override Task OnReactionsAddedAsync(IList<MessageReaction> messageReactions, ITurnContext turnContext, CancellationToken cancellationToken) =>
            Record("reactionsAdded:" + string.Join(",", messageReactions.Select(r => r.Type)));

        protected override Task OnReactionsRemovedAsync(IList<MessageReaction> messageReactions, ITurnContext turnContext, CancellationToken cancellationToken) =>
            Record("reactionsRemoved:" + string.Join(",", messageReactions.Select(r => r.Type)));

        protected override Task OnInstallationUpdateAddAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Record("installAdd");

        protected override Task OnInstallationUpdateRemoveAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Record("installRemove");

        private Task Record(string call)
        {
            Calls.Add(call);
            return Task.CompletedTask;
        }
    }
}
