package cli

import "github.com/spf13/cobra"

// commandExamples are what each command's --help shows under Examples,
// by command path; setExamples gives them out once the tree is built,
// and a test requires one for every command.
func commandExamples() map[string]string {
	return map[string]string{
		"chatkeys": "  chatkeys                     # the TUI for the current profile\n" +
			"  chatkeys --demo              # the TUI on a simulated account\n" +
			"  chatkeys --profile staging clients list",
		"chatkeys clients":               "  chatkeys clients list\n  chatkeys clients show 5 --json",
		"chatkeys clients list":          "  chatkeys clients list\n  chatkeys clients list --jq '.[] | {id, name}'",
		"chatkeys clients show":          "  chatkeys clients show 5\n  chatkeys clients show 5 --jq .redirect_uris",
		"chatkeys clients create":        "  chatkeys clients create --name Zapier --redirect-uri https://zapier.com/cb --scopes \"read write\"",
		"chatkeys clients update":        "  chatkeys clients update 5 --type confidential\n  chatkeys clients update 5 --redirect-uri https://a.example/cb --redirect-uri http://localhost:8080",
		"chatkeys clients delete":        "  chatkeys clients delete 5\n  chatkeys clients delete 5 --yes",
		"chatkeys clients rotate-secret": "  chatkeys clients rotate-secret 5\n  chatkeys clients rotate-secret 5 --yes --revoke-tokens > secret.txt",
		"chatkeys tokens":                "  chatkeys tokens list --client Zapier\n  chatkeys tokens revoke --expired --dry-run",
		"chatkeys tokens list":           "  chatkeys tokens list\n  chatkeys tokens list --client 5 --jq '.[] | select(.expired) | .id'",
		"chatkeys tokens revoke":         "  chatkeys tokens revoke 38 39\n  chatkeys tokens revoke --expired --dry-run\n  chatkeys tokens revoke --client Zapier --older-than 90d --yes",
		"chatkeys tokens find":           "  pbpaste | chatkeys tokens find\n  chatkeys tokens find --revoke < leaked.txt",
		"chatkeys login":                 "  chatkeys login\n  chatkeys login --grant password --username admin@example.com --password-stdin < pw.txt",
		"chatkeys logout":                "  chatkeys logout\n  chatkeys logout --revoke",
		"chatkeys status":                "  chatkeys status\n  chatkeys status --jq .login.expires_at",
		"chatkeys token":                 "  curl -H \"Authorization: Bearer $(chatkeys token)\" https://acme.zendesk.com/api/v2/chat/chats",
		"chatkeys history":               "  chatkeys history --since 7d\n  chatkeys history --jq '.[] | select(.action == \"token.revoke\")'",
		"chatkeys audit":                 "  chatkeys audit\n  chatkeys audit --fail-on high --json\n  chatkeys audit --fix expired --dry-run",
		"chatkeys api": "  chatkeys api oauth/clients\n  chatkeys api oauth/tokens --jq '.[].id'\n" +
			"  chatkeys api -X PUT oauth/clients/5 -f company=\"Acme Ltd\"\n  chatkeys api -X GET chats -F limit=5\n  chatkeys api -X POST oauth/clients --input client.json",
		"chatkeys sim":                   "  chatkeys sim\n  chatkeys sim --addr 127.0.0.1:0 --tokens 100000 --latency 20ms",
		"chatkeys man":                   "  chatkeys man ~/.local/share/man/man1 && man chatkeys",
		"chatkeys completion":            "  source <(chatkeys completion bash)\n  chatkeys completion zsh > \"${fpath[1]}/_chatkeys\"",
		"chatkeys completion bash":       "  source <(chatkeys completion bash)",
		"chatkeys completion zsh":        "  chatkeys completion zsh > \"${fpath[1]}/_chatkeys\"",
		"chatkeys completion fish":       "  chatkeys completion fish > ~/.config/fish/completions/chatkeys.fish",
		"chatkeys completion powershell": "  chatkeys completion powershell | Out-String | Invoke-Expression",
		"chatkeys help":                  "  chatkeys help tokens revoke",
		"chatkeys profiles":              "  chatkeys profiles list\n  chatkeys profiles use staging",
		"chatkeys profiles list":         "  chatkeys profiles list\n  chatkeys profiles list --jq '.[] | select(.current) | .name'",
		"chatkeys profiles use":          "  chatkeys profiles use staging",
		"chatkeys profiles add":          "  chatkeys profiles add staging --subdomain acme-staging\n  chatkeys profiles add prod --subdomain acme --readonly",
		"chatkeys profiles remove":       "  chatkeys profiles remove staging",
	}
}

// setExamples gives every command under root its example.
func setExamples(root *cobra.Command) {
	examples := commandExamples()
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		if ex := examples[cmd.CommandPath()]; ex != "" {
			cmd.Example = ex
		}
		for _, c := range cmd.Commands() {
			walk(c)
		}
	}
	walk(root)
}
