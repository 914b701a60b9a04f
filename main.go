// Command vaultdesk is the desktop app: it wires the services in app/ to the
// React frontend embedded from frontend/dist. Logic lives in app/ and
// internal/, never here.
package main

import (
	"context"
	"embed"
	"log"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/windows"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/vaultdesk/vaultdesk/app"
)

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	core, err := app.New(app.Options{})
	if err != nil {
		log.Printf("vaultdesk: %v", err)
		os.Exit(1)
	}
	about := &app.AboutService{}

	err = wails.Run(&options.App{
		Title:     "Vaultdesk",
		Width:     1280,
		Height:    800,
		MinWidth:  960,
		MinHeight: 600,
		AssetServer: &assetserver.Options{
			Assets: assets,
		},
		BackgroundColour: &options.RGBA{R: 24, G: 27, B: 33, A: 1},
		// Trace would log every bound call's result, and results will hold
		// vault data: production stays at Warning.
		LogLevelProduction: logger.WARNING,
		OnStartup: func(ctx context.Context) {
			core.Attach(
				func(name string, data any) { runtime.EventsEmit(ctx, name, data) },
				func(url string) { runtime.BrowserOpenURL(ctx, url) },
			)
			core.Startup(ctx)
		},
		OnShutdown: func(context.Context) { core.Close() },
		// Lock on sleep: Windows tells Wails; Linux is watched over D-Bus
		// in app/; macOS is not exposed by Wails v2.
		Windows: &windows.Options{OnSuspend: core.Suspend},
		// Failed calls reach the frontend as {code, message}.
		ErrorFormatter: app.FormatErrorJSON,
		Bind: []any{
			about,
			app.NewSessionService(core),
			app.NewVaultService(core),
			app.NewEditService(core),
			app.NewAdminService(core),
		},
	})
	if err != nil {
		log.Fatalf("vaultdesk: %v", err)
	}
}
