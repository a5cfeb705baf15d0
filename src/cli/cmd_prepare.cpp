// `emoforget prepare`: scan an emotional speech corpus folder, optionally assign
// a speaker-independent split, and write the manifest CSV (corpora/prepare.h).
#include <iostream>

#include "cli/command.h"
#include "cli/run_flags.h"
#include "common/comma_list.h"
#include "corpora/corpus.h"
#include "corpora/prepare.h"

namespace emoforget::cli {

Command add_prepare_command(CLI::App& parent) {
  auto config = std::make_shared<corpora::PrepareConfig>();
  auto split = std::make_shared<std::string>();
  auto seed = std::make_shared<uint64_t>(data::SplitConfig{}.seed);
  Command command =
      make_command(parent, "prepare", "Scan an emotional speech corpus and write its manifest CSV");
  CLI::App* app = command.app;
  app->add_option("--corpus", config->corpus,
                  "Corpus naming scheme: " + join_list(corpora::corpus_names()))
      ->required();
  app->add_option("--root", config->root, "Folder the corpus was unpacked to")->required();
  app->add_option("--out", config->out, "Manifest CSV to write (paths relative to its folder)")
      ->required();
  add_list_flag(app, "--exclude", config->exclude, "Labels to leave out, e.g. neutral,calm");
  CLI::Option* split_option =
      app->add_option("--split", *split,
                      "Speaker-independent train,val,test fractions of utterances, e.g. "
                      "0.32,0.32,0.36 (none: the split column is left empty)");
  app->add_option("--seed", *seed, "Seed of the split")->needs(split_option);
  auto report_path = add_report_flag(app);
  command.output = [config] { return std::filesystem::path(config->out); };
  command.after_interrupt = "nothing was written to --out; rerun the same command";
  command.run = [config, split, seed, report_path] {
    if (!split->empty()) {
      data::SplitConfig split_config;
      split_config.fractions = data::SplitConfig::parse_fractions(*split);
      split_config.seed = *seed;
      config->split = split_config;
    }
    print_report(corpora::prepare_manifest(*config, std::cerr), *report_path);
  };
  return command;
}

}  // namespace emoforget::cli
