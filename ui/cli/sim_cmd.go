package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"chatkeys/api/chatsim"
	"chatkeys/authflow/config"
	"chatkeys/ui/hint"
)

// simTokenTTL is how long the admin token `chatkeys sim` prints lasts.
const simTokenTTL = 24 * time.Hour

// simOptions are chatkeys sim's.
type simOptions struct {
	IO         IO
	Addr       string
	Seed       int64
	Latency    time.Duration
	RateLimit  int
	RateWindow time.Duration
	Tokens     int
	PageSize   int
	// Log prints a line per request, once it is answered, on stderr.
	Log bool
}

func newCmdSim(f *Factory) *cobra.Command {
	opts := &simOptions{IO: f.IO}
	var rate string
	parse := func([]string, *cobra.Command) (err error) {
		r, err := config.ParseRate(rate)
		if err != nil {
			return &usageError{fmt.Errorf("--rate-limit: %w", err)}
		}
		opts.RateLimit, opts.RateWindow = r.N, r.Per
		return nil
	}
	cmd := command(spec{"sim [--addr 127.0.0.1:8900] [--seed N] [--latency 20ms] [--rate-limit N[/SPAN]] [--tokens N] [--page-size N]",
		"Run the built-in simulated Zendesk Chat account",
		"Serve chatsim, a faithful local Zendesk Chat (REST API, OAuth consent page and token endpoint),\n" +
			"until interrupted. It prints shell lines that point chatkeys and curl at it.\n" +
			"--rate-limit is requests per minute, or per the span given (50/10s); 0 means no limit.",
		noArgs}, opts, parse, simRun, nil)
	cmd.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:8900", "address to listen on (loopback unless you say otherwise)")
	cmd.Flags().Int64Var(&opts.Seed, "seed", 1, "seed for the generated clients, agents and tokens")
	cmd.Flags().DurationVar(&opts.Latency, "latency", 0, "delay added to every request, e.g. 20ms")
	cmd.Flags().StringVar(&rate, "rate-limit", "0", "requests per minute (or N/10s) before 429 Too Many Requests; 0 = unlimited")
	cmd.Flags().IntVar(&opts.Tokens, "tokens", 0, "seed N more tokens (and 300 clients, 400 agents): a large account")
	cmd.Flags().IntVar(&opts.PageSize, "page-size", 0, "paginate the client and token lists, N a page (next_page links); 0 = one list")
	cmd.Flags().BoolVar(&opts.Log, "log", false, "print a line on stderr as each request is answered: method, path, status (never a credential)")
	return cmd
}

func simRun(ctx context.Context, opts *simOptions) error {
	sim := chatsim.New(chatsim.Options{Seed: opts.Seed, Latency: opts.Latency, RateLimit: opts.RateLimit, RateWindow: opts.RateWindow,
		Tokens: opts.Tokens, PageSize: opts.PageSize, Logf: simLogf(opts)})
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return hint.With(fmt.Errorf("listen on %s: %w", opts.Addr, err), "pick another address with --addr 127.0.0.1:PORT")
	}
	base := "http://" + ln.Addr().String()
	printSimExports(opts.IO.Out, sim, base, opts.Seed)
	return serveUntilDone(ctx, &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second}, ln)
}

// simLogf is the simulator's request log for --log: a line on stderr
// once each request is answered, nil without --log. Writes are serialised.
func simLogf(opts *simOptions) func(string, ...any) {
	if !opts.Log {
		return nil
	}
	var mu sync.Mutex
	return func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(opts.IO.Err, format+"\n", args...)
	}
}

// printSimExports writes the lines that point chatkeys at the simulator.
// They are valid shell: comments start with #.
func printSimExports(w io.Writer, sim *chatsim.Sim, base string, seed int64) {
	admin := sim.Admin()
	demo := sim.DemoClient()
	tok := sim.MintToken(admin.ID, demo.ClientIdentifier, "read write", simTokenTTL)
	fmt.Fprintf(w, "# chatsim: a simulated Zendesk Chat account on %s (seed %d); Ctrl-C stops it\n", base, seed)
	fmt.Fprintf(w, "# sign in on its consent page as %s, password %q\n", admin.Email, admin.Password)
	fmt.Fprintf(w, "# a leaked token to try: %s\n", sim.LeakedTokenToTry())
	fmt.Fprintf(w, "export CHATKEYS_API_URL=%s/api/v2/chat\n", base)
	fmt.Fprintf(w, "export CHATKEYS_AUTHORIZE_URL=%s/oauth2/chat/authorizations/new\n", base)
	fmt.Fprintf(w, "export CHATKEYS_TOKEN_URL=%s/oauth2/chat/token\n", base)
	fmt.Fprintf(w, "export CHATKEYS_CLIENT_ID=%s\n", demo.ClientIdentifier)
	fmt.Fprintf(w, "export CHATKEYS_CLIENT_SECRET=%s\n", demo.ClientSecret)
	fmt.Fprintf(w, "export CHATKEYS_TOKEN=%s\n", tok.AccessToken)
}

// serveUntilDone serves until ctx ends, then shuts down gracefully.
func serveUntilDone(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return nil
	}
}
