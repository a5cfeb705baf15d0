// `emoforget demo`: synthesise, fine-tune, forget with every method, audit, summarise.
#include <iostream>

#include "cli/command.h"
#include "cli/method_flags.h"
#include "cli/run_flags.h"
#include "reproduce/demo.h"

namespace emoforget::cli {

Command add_demo_command(CLI::App& parent) {
  auto c = std::make_shared<reproduce::DemoConfig>();
  Command command =
      make_command(parent, "demo",
                   "End to end on a synthetic corpus: fine-tune, forget with every method, audit");
  CLI::App* app = command.app;
  app->add_option("--out", c->out, "Folder for everything the demo writes");
  app->add_option("--speakers", c->speakers, "Synthetic speakers");
  app->add_option("--per-class", c->per_class, "Utterances per speaker and emotion");
  app->add_option("--epochs", c->finetune_epochs,
                  "Fine-tuning epochs (tiny preset, from scratch; the lr decays to 0 over them)");
  app->add_option("--forget", c->forget, "Random training utterances to forget (N)");
  add_list_flag(app, "--methods", c->methods, "Methods to run, comma-separated");
  MethodFlagChoice choice;
  choice.prefix = "unlearn-";
  choice.own_attack = true;
  add_method_flags(app, c->unlearn, choice);
  RunFlagText text;
  text.batch = "Clips per step (0 = fine-tuning's from-scratch recipe, 8; unlearning at 16)";
  text.max_seconds = "Clip length in seconds (0 = the from-scratch recipe's, 1.5)";
  add_run_flags(app, c->run, kAllRunFlags, text);
  app->add_option("--jobs", c->lanes,
                  "Independent steps run side by side as separate processes (the original and "
                  "the retrained fine-tuning, the unlearning methods, the audits)");
  app->add_option("--job-threads", c->threads, "Threads per job (0 = cores / --jobs)");
  app->add_flag("--overwrite", c->overwrite, "Replace an existing --out");
  command.output = [c] { return std::filesystem::path(c->out); };
  command.after_interrupt = "no summary was written; rerun with --overwrite to start again";
  command.run = [c, app] {
    c->named_pgd = {app->count("--m") > 0, app->count("--p") > 0};
    c->executable = std::filesystem::read_symlink("/proc/self/exe");
    std::string table;
    const nlohmann::json report = reproduce::run_demo(*c, table);
    std::cout << "\n" << table << "\n";
    for (const auto& [name, path] : report["paths"].items()) {
      std::cout << name << ": " << path.get<std::string>() << "\n";
    }
    std::cout << "report: " << (c->out / "demo.json").string() << "\n";
    std::cout << "wall time: " << report["timings"]["wall_seconds"].get<double>() << " s\n";
    if (report.contains("certificate"))
      std::cout << "certificate (" << report["certificate"]["method"].get<std::string>()
                << "): " << report["certificate"]["path"].get<std::string>() << "\n";
  };
  return command;
}

}  // namespace emoforget::cli
