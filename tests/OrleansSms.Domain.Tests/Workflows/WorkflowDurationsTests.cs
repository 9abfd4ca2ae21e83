using OrleansSms.Domain.Workflows;

namespace OrleansSms.Domain.Tests.Workflows;

public class WorkflowDurationsTests
{
    public static TheoryData<string, TimeSpan> Valid => new()
    {
        { "PT1H", TimeSpan.FromHours(1) },
        { "P1D", TimeSpan.FromDays(1) },
        { "P1DT2H30M", new TimeSpan(1, 2, 30, 0) },
        { "PT90S", TimeSpan.FromSeconds(90) },
        { "PT1M", TimeSpan.FromMinutes(1) },
        { "PT36H", TimeSpan.FromHours(36) },
        { "PT1.5S", TimeSpan.FromMilliseconds(1500) },
        { "P0DT1S", TimeSpan.FromSeconds(1) },
        { "P2W", TimeSpan.FromDays(14) },
        { "P3650D", TimeSpan.FromDays(3650) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses(string text, TimeSpan expected)
    {
        Assert.True(WorkflowDurations.TryParse(text, out var duration, out var error), error);
        Assert.Equal(expected, duration);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("P1Y", WorkflowDurations.ErrorYearsMonths)]
    [InlineData("P1M", WorkflowDurations.ErrorYearsMonths)]
    [InlineData("P1Y2M3D", WorkflowDurations.ErrorYearsMonths)]
    [InlineData("P1MT1H", WorkflowDurations.ErrorYearsMonths)]
    [InlineData("-P1Y", WorkflowDurations.ErrorYearsMonths)]
    [InlineData("PT0S", WorkflowDurations.ErrorNotPositive)]
    [InlineData("P0D", WorkflowDurations.ErrorNotPositive)]
    [InlineData("P0W", WorkflowDurations.ErrorNotPositive)]
    [InlineData("-PT1H", WorkflowDurations.ErrorNotPositive)]
    [InlineData("-P1D", WorkflowDurations.ErrorNotPositive)]
    [InlineData("P3651D", WorkflowDurations.ErrorTooLong)]
    [InlineData("P600W", WorkflowDurations.ErrorTooLong)]
    [InlineData("P99999999999999D", WorkflowDurations.ErrorTooLong)]
    [InlineData("", WorkflowDurations.ErrorSyntax)]
    [InlineData(null, WorkflowDurations.ErrorSyntax)]
    [InlineData("P", WorkflowDurations.ErrorSyntax)]
    [InlineData("PT", WorkflowDurations.ErrorSyntax)]
    [InlineData("P1DT", WorkflowDurations.ErrorSyntax)]
    [InlineData("1H", WorkflowDurations.ErrorSyntax)]
    [InlineData("pt1h", WorkflowDurations.ErrorSyntax)]
    [InlineData(" PT1H", WorkflowDurations.ErrorSyntax)]
    [InlineData("PT1H ", WorkflowDurations.ErrorSyntax)]
    [InlineData("P1W2D", WorkflowDurations.ErrorSyntax)]
    [InlineData("PT1W", WorkflowDurations.ErrorSyntax)]
    [InlineData("P1H", WorkflowDurations.ErrorSyntax)]
    [InlineData("PT1D", WorkflowDurations.ErrorSyntax)]
    [InlineData("3600", WorkflowDurations.ErrorSyntax)]
    [InlineData("01:00:00", WorkflowDurations.ErrorSyntax)]
    [InlineData("--PT1H", WorkflowDurations.ErrorSyntax)]
    public void Rejects(string? text, string expected)
    {
        Assert.False(WorkflowDurations.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("PT1H")]
    [InlineData("P1D")]
    [InlineData("P1DT2H30M")]
    [InlineData("PT1M30S")]
    public void FormatRoundTrips(string text)
    {
        Assert.True(WorkflowDurations.TryParse(text, out var duration, out _));
        Assert.Equal(text, WorkflowDurations.Format(duration));
    }

    [Fact]
    public void AssertProblems_FailsOnMismatch()
    {
        // The helper every rule test relies on must not pass vacuously.
        WorkflowProblem[] problems = [new("start", "'x' is not the id of a node")];
        Assert.ThrowsAny<Exception>(() => WorkflowTestData.AssertProblems(problems));
        Assert.ThrowsAny<Exception>(() => WorkflowTestData.AssertProblems(problems, ("nodes", "is not the id")));
        Assert.ThrowsAny<Exception>(() => WorkflowTestData.AssertProblems(problems, ("start", "unknown")));
        WorkflowTestData.AssertProblems(problems, ("start", "is not the id"));
    }
}
