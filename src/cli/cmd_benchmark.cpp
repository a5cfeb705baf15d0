// `emoforget benchmark`: every method on random and speaker-level deletion requests,
// audited against the retrained reference, over seeds (reproduce/benchmark.h).
#include <iostream>

#include "cli/command.h"
#include "cli/method_flags.h"
#include "cli/run_flags.h"
#include "common/comma_list.h"
#include "reproduce/benchmark.h"

namespace emoforget::cli {

Command add_benchmark_command(CLI::App& parent) {
  auto c = std::make_shared<reproduce::BenchmarkConfig>();
  Command command = make_command(
      parent, "benchmark",
      "The field's protocol on a fine-tuned model: random and one-speaker deletion requests, "
      "every method, each audited against the retrained reference (UA, RA, TA, MIA-efficacy, "
      "gap to retrain, GUM, speed-up), mean ± 95 % interval over seeds: benchmark.{json,md} "
      "and benchmark-gap.png");
  CLI::App* app = command.app;
  app->add_option("--model", c->model, "The fine-tuned model (with its report.json)")->required();
  app->add_option("--init", c->init,
                  "The weights it was fine-tuned from (finetune --save-init), for retrain")
      ->required();
  app->add_option("--manifest", c->manifest, "Manifest CSV the model was trained from")->required();
  app->add_option("--out", c->out, "Output folder")->required();
  add_list_flag(app, "--methods", c->methods,
                "Methods (must include the reference); a method may carry variant settings of "
                "its own, compared side by side: adv-ewc:lambda-kl=1:until=heldout");
  add_list_flag(app, "--requests", c->requests,
                "Deletion requests: random (--n utterances) and/or speaker (one training "
                "speaker drawn per seed)");
  app->add_option("--n", c->random_n, "Utterances of a random request");
  app->add_option("--sequential", c->sequential,
                  "R > 0: R disjoint requests in a row per seed and kind, each method on its own "
                  "chain, every step audited against one model retrained without all R, and "
                  "scored on the earlier forget sets (sequential.{json,md}, "
                  "sequential-KIND-METHOD.png); 0: one request");
  add_seed_list_flag(app, "--seeds", c->seeds,
                     "Seeds: each draws its own requests and unlearns with its own seed");
  MethodFlagChoice choice;
  choice.own_attack = true;
  choice.retrain = true;
  add_method_flags(app, c->unlearn, choice);
  RunFlagText text;
  text.max_seconds = kModelClipHelp;
  add_run_flags(app, c->run, kDeviceFlags | kBatchFlag | kClipFlag, text);
  app->add_option("--jobs", c->lanes, "Runs and audits side by side as separate processes");
  app->add_option("--job-threads", c->threads, "Threads per job (0 = cores / --jobs)");
  app->add_flag("--overwrite", c->overwrite, "Replace an existing --out");
  app->add_flag("--resume", c->resume,
                "Go on with an earlier benchmark in --out: the runs and audits it finished are "
                "read back and the rest run, so methods added to --methods run against the "
                "retrained references there; a run made from another model, forget set or "
                "settings stops the call");
  auto report_path = add_report_flag(app);
  command.output = [c] { return std::filesystem::path(c->out); };
  command.after_interrupt =
      "no tables were written; rerun the same command with --resume to go on (a --sequential "
      "benchmark: with --overwrite, from the start)";
  command.run = [c, report_path, app] {
    c->named_pgd = {app->count("--m") > 0, app->count("--p") > 0};
    c->executable = std::filesystem::read_symlink("/proc/self/exe");
    std::string markdown;
    const nlohmann::json report = reproduce::run_benchmark(*c, markdown);
    std::cerr << "\n" << markdown;
    if (c->sequential > 0)
      std::cerr << "\nplots: " << (c->out / "sequential-*.png").string() << "\n";
    print_report(report, *report_path);
  };
  command.distributed = true;
  return command;
}

}  // namespace emoforget::cli
