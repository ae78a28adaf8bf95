using Hangfire;
using Hangfire.Dashboard;

using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Access;

/// <summary>The Hangfire dashboard: programmteam only, read-only for audit. Never "local requests only".</summary>
public static class Dashboard
{
    public static WebApplication MapSelbstcheckDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "Selbstcheck – Hintergrundaufgaben",
            Authorization = [new RoleFilter()],
            IsReadOnlyFunc = context => Caller.From(context.GetHttpContext().User)?.Is(Roles.Programmteam) != true,
            AppPath = "/api/me",
        });
        return app;
    }

    private sealed class RoleFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var caller = Caller.From(context.GetHttpContext().User);
            return caller is not null && (caller.Is(Roles.Programmteam) || caller.Is(Roles.Audit));
        }
    }
}
