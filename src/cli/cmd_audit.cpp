// `emoforget audit`: evidence that unlearning worked (UAR on the forget and held-out
// sets, membership inference, gap to a retrained reference, z-tests).
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "common/atomic_write.h"
#include "experiments/audit.h"

namespace emoforget::cli {
Command add_audit_command(CLI::App& parent) {
  auto c = std::make_shared<experiments::AuditConfig>();
  auto held_out = std::make_shared<std::string>();
  auto member_splits = std::make_shared<std::string>("train");
  auto report_path = std::make_shared<std::string>();
  auto markdown_path = std::make_shared<std::string>();
  Command command;
  CLI::App* app = parent.add_subcommand(
      "audit",
      "Evidence that unlearning worked: UAR on the forget and held-out sets, membership "
      "inference (loss-threshold AUC, MIA-efficacy), gap to a retrained reference, z-tests");
  command.app = app;
  app->add_option("--original", c->original, "The model before unlearning")->required();
  app->add_option("--unlearned", c->unlearned, "The model after unlearning")->required();
  app->add_option("--reference", c->reference,
                  "Optional reference model retrained without the forget set");
  app->add_option("--manifest", c->manifest, "Manifest CSV the models were trained from")
      ->required();
  app->add_option("--forget-file", c->forget_file,
                  "The forget set (utt_ids or paths); its audio must still exist")
      ->required();
  app->add_option("--held-out", *held_out,
                  "Unseen splits, comma-separated (\"\" = test if present, else val)");
  app->add_option("--member-split", *member_splits,
                  "Splits the original model was trained on, comma-separated");
  app->add_option("--markdown", *markdown_path,
                  "Write the Markdown summary to this file instead of stderr");
  app->add_option("--report", *report_path, "Also write the JSON report to this file");
  app->add_option("--batch", c->batch, "Batch size");
  app->add_option("--max-seconds", c->max_seconds, "Crop or zero-pad every clip to this length");
  app->add_option("--device", c->device.device, "cpu | cuda | cuda:N");
  app->add_flag("--bf16", c->device.bf16, "bf16 autocast (CUDA)");
  app->add_option("--seed", c->seed, "Seed of the attack's subsample and weights");
  command.run = [c, held_out, member_splits, report_path, markdown_path] {
    c->held_out = split_list(*held_out);
    c->member_splits = split_list(*member_splits);
    const nlohmann::json report = experiments::run_audit(*c);
    const std::string text = report.dump(2) + "\n";
    const std::string markdown = experiments::audit_markdown(report);
    if (!report_path->empty()) write_report(*report_path, text);
    if (!markdown_path->empty()) {
      write_file_atomic(*markdown_path, markdown);
    } else {
      std::cerr << markdown;
    }
    std::cout << text;
  };
  return command;
}

}  // namespace emoforget::cli
