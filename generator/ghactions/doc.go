// Package ghactions checks the GitHub Actions configuration under
// .github/: its tests parse every workflow and hold it to the project's
// hardening rules, and run actionlint over it when the tool is available.
//
// # Rules
//
//   - Token permissions are empty or read-only at the top of a workflow;
//     write scopes are granted per job. Only the deploy job of pages.yml
//     holds pages: write and id-token: write.
//   - Every action from another repository is pinned to a full 40-hex
//     commit SHA followed by its version as a comment, such as
//     "# v5.0.0"; Dependabot updates both together.
//   - No workflow runs on pull_request_target.
//   - Every workflow has a concurrency group; every job a timeout-minutes.
//   - actions/checkout sets persist-credentials: false unless its job
//     pushes with git.
//   - Scheduled runs start off the hour, when GitHub's scheduler is less
//     crowded.
//
// The package has no code of its own: the rules live in its test.
package ghactions
