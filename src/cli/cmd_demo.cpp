// `emoforget demo`: synthesise, fine-tune, forget with every method, audit, summarise.
#include <iostream>

#include "cli/command.h"
#include "experiments/demo.h"

namespace emoforget::cli {

Command add_demo_command(CLI::App& parent) {
  auto c = std::make_shared<experiments::DemoConfig>();
  Command command;
  CLI::App* app = parent.add_subcommand(
      "demo", "End to end on a synthetic corpus: fine-tune, forget with every method, audit");
  command.app = app;
  app->add_option("--out", c->out, "Folder for everything the demo writes");
  app->add_option("--speakers", c->speakers, "Synthetic speakers");
  app->add_option("--per-class", c->per_class, "Utterances per speaker and emotion");
  app->add_option("--epochs", c->finetune_epochs, "Fine-tuning epochs (tiny preset, from scratch)");
  app->add_option("--forget", c->forget, "Random training utterances to forget (N)");
  app->add_option("--methods", c->methods, "Methods to run")->delimiter(',');
  app->add_option("--m", c->m, "Adversarial samples per forget sample");
  app->add_option("--p", c->p, "PGD steps");
  app->add_option("--tau", c->tau, "PGD radius");
  app->add_option("--unlearn-epochs", c->unlearn_epochs, "Unlearning epochs");
  app->add_option("--max-seconds", c->max_seconds, "Clip length");
  app->add_option("--seed", c->seed, "Seed of every random choice");
  app->add_flag("--overwrite", c->overwrite, "Replace an existing --out");
  command.run = [c] {
    std::string table;
    const nlohmann::json report = experiments::run_demo(*c, table);
    std::cout << "\n" << table << "\n";
    for (const auto& [name, path] : report["paths"].items()) {
      std::cout << name << ": " << path.get<std::string>() << "\n";
    }
    std::cout << "report: " << (c->out / "demo.json").string() << "\n";
    std::cout << "wall time: " << report["timings"]["wall_seconds"].get<double>() << " s\n";
  };
  return command;
}

}  // namespace emoforget::cli
