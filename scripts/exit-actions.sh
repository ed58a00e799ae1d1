# Sourced by test.sh and scripts/with-postgres.sh: on_exit CMD queues CMD to run when the script ends, however it ends
# (the set-up steps use it to stop what they started).
exit_actions=()
on_exit() { exit_actions+=("$1"); }
run_exit_actions() { local a; for a in "${exit_actions[@]}"; do eval "$a" || true; done; }
trap run_exit_actions EXIT
