// `emoforget audit`: evidence that unlearning worked (UAR on the forget and held-out
// sets, membership inference, gap to a retrained reference, z-tests).
#include <iostream>

#include "audit/audit.h"
#include "cli/command.h"
#include "cli/run_flags.h"
#include "common/atomic_write.h"
#include "distributed/world.h"

namespace emoforget::cli {
Command add_audit_command(CLI::App& parent) {
  auto c = std::make_shared<audit::AuditConfig>();
  Command command = make_command(
      parent, "audit",
      "Evidence that unlearning worked: UAR on the forget and held-out sets, membership "
      "inference (loss-threshold AUC, MIA-efficacy), gap to a retrained reference, z-tests");
  CLI::App* app = command.app;
  app->add_option("--original", c->original, "The model before unlearning")->required();
  app->add_option("--unlearned", c->unlearned, "The model after unlearning")->required();
  app->add_option("--reference", c->reference,
                  "Optional reference model retrained without the forget set");
  app->add_option("--manifest", c->manifest, "Manifest CSV the models were trained from")
      ->required();
  app->add_option("--forget-file", c->forget_file,
                  "The forget set (utt_ids or paths); its audio must still exist. Checked "
                  "against the hashes --unlearned's report records when the key is at hand; "
                  "without it, the utterances those hashes name (needs the key)");
  app->add_option("--key", c->key,
                  "The request key the forget set was hashed with (default $EMOFORGET_KEY, "
                  "else ~/.config/emoforget/request.key when it exists)");
  add_list_flag(app, "--held-out", c->held_out,
                "Unseen splits, comma-separated (\"\" = test if present, else val)");
  add_list_flag(app, "--member-split", c->member_splits,
                "Splits the original model was trained on, comma-separated");
  app->add_option("--html", c->html,
                  "Also write the unlearning certificate: one self-contained page (verdict, "
                  "request, model hashes, method, evidence, plots)");
  app->add_option("--markdown", c->markdown,
                  "Write the certificate as Markdown (its plots as SVG files beside it, then "
                  "every figure's table) instead of the summary on stderr");
  app->add_flag("--relearn", c->relearn,
                "Relearning probe: 50 steps of batch 16 at the fine-tuning lr on a random 10 % "
                "of the remain set, forget UAR every 10 steps, for the unlearned and the "
                "reference model");
  app->add_option("--probe-attribute", c->probe_attribute,
                  "Probe each model's pooled embedding of held-out speakers for this manifest "
                  "column (gender): speaker-disjoint linear probe, balanced accuracy (default: "
                  "the attribute an attribute request removed)");
  auto report_path = add_report_flag(app);
  RunFlagText text;
  text.seed = "Seed of the attack's subsample and weights";
  text.max_seconds = kModelClipHelp;
  add_run_flags(app, c->run, kAllRunFlags, text);
  command.run = [c, report_path] {
    const nlohmann::json report = audit::run_audit(*c);
    if (c->markdown.empty() && distributed::world().is_main())
      std::cerr << audit::audit_markdown(report);
    print_report(report, *report_path);
  };
  command.distributed = true;
  return command;
}

}  // namespace emoforget::cli
