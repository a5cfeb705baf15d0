// `emoforget audit`: evidence that unlearning worked (UAR on the forget and held-out
// sets, membership inference, gap to a retrained reference, z-tests).
#include <iostream>

#include "audit/audit.h"
#include "cli/command.h"
#include "cli/run_flags.h"
#include "common/atomic_write.h"

namespace emoforget::cli {
Command add_audit_command(CLI::App& parent) {
  auto c = std::make_shared<audit::AuditConfig>();
  auto markdown_path = std::make_shared<std::string>();
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
                  "The forget set (utt_ids or paths); its audio must still exist")
      ->required();
  add_list_flag(app, "--held-out", c->held_out,
                "Unseen splits, comma-separated (\"\" = test if present, else val)");
  add_list_flag(app, "--member-split", c->member_splits,
                "Splits the original model was trained on, comma-separated");
  app->add_flag("--relearn", c->relearn,
                "Relearning probe: 50 steps of batch 16 at the fine-tuning lr on a random 10 % "
                "of the remain set, forget UAR every 10 steps, for the unlearned and the "
                "reference model");
  app->add_option("--markdown", *markdown_path,
                  "Write the Markdown summary to this file instead of stderr");
  auto report_path = add_report_flag(app);
  RunFlagText text;
  text.seed = "Seed of the attack's subsample and weights";
  text.max_seconds = kModelClipHelp;
  add_run_flags(app, c->run, kAllRunFlags, text);
  command.run = [c, report_path, markdown_path] {
    const nlohmann::json report = audit::run_audit(*c);
    const std::string markdown = audit::audit_markdown(report);
    if (!markdown_path->empty()) {
      write_file_atomic(*markdown_path, markdown);
    } else {
      std::cerr << markdown;
    }
    print_report(report, *report_path);
  };
  return command;
}

}  // namespace emoforget::cli
