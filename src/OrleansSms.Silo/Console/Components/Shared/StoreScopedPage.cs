using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace OrleansSms.Silo.Console.Components.Shared;

/// <summary>
/// A page under <c>/console/stores/{storeId}</c>: it renders only for a user whose key may see the
/// store; anyone else gets "not found" (<see cref="NotFoundMessage"/>), whatever the store is.
/// </summary>
public abstract class StoreScopedPage : ComponentBase
{
    [Parameter]
    public string StoreId { get; set; } = "";

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    /// <summary>Whether the signed-in key may see <see cref="StoreId"/>; pages load nothing otherwise.</summary>
    protected bool Allowed { get; private set; }

    protected override async Task OnParametersSetAsync()
    {
        Allowed = ConsoleAuthentication.MaySee((await Authentication).User, StoreId);
        if (Allowed)
        {
            await LoadAsync();
        }
    }

    /// <summary>Reads what the page shows; called only when <see cref="Allowed"/>.</summary>
    protected abstract Task LoadAsync();
}
