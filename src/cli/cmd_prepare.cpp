// `emoforget prepare`: scan an emotional speech corpus folder, optionally assign
// a speaker-independent split, and write the manifest CSV (data/prepare.h).
#include <iostream>

#include "cli/command.h"
#include "data/corpus.h"
#include "data/prepare.h"

namespace emoforget::cli {

Command add_prepare_command(CLI::App& parent) {
  auto config = std::make_shared<data::PrepareConfig>();
  auto split = std::make_shared<std::string>();
  auto seed = std::make_shared<uint64_t>(data::SplitConfig{}.seed);
  auto report_path = std::make_shared<std::string>();
  Command command;
  CLI::App* app = parent.add_subcommand(
      "prepare", "Scan an emotional speech corpus and write its manifest CSV");
  command.app = app;
  app->add_option("--corpus", config->corpus, "Corpus naming scheme")
      ->required()
      ->check(CLI::IsMember(data::corpus_names()));
  app->add_option("--root", config->root, "Folder the corpus was unpacked to")->required();
  app->add_option("--out", config->out, "Manifest CSV to write (paths relative to its folder)")
      ->required();
  app->add_option("--exclude", config->exclude, "Labels to leave out, e.g. neutral,calm")
      ->delimiter(',');
  CLI::Option* split_option =
      app->add_option("--split", *split,
                      "Speaker-independent train,val,test fractions of utterances, e.g. "
                      "0.32,0.32,0.36 (none: the split column is left empty)");
  app->add_option("--seed", *seed, "Seed of the split")->needs(split_option);
  app->add_option("--report", *report_path, "Also write the JSON report to this file");
  command.run = [config, split, seed, report_path] {
    if (!split->empty()) {
      data::SplitConfig split_config;
      split_config.fractions = data::SplitConfig::parse_fractions(*split);
      split_config.seed = *seed;
      config->split = split_config;
    }
    const std::string text = data::prepare_manifest(*config, std::cerr).dump(2) + "\n";
    std::cout << text;
    if (!report_path->empty()) write_report(*report_path, text);
  };
  return command;
}

}  // namespace emoforget::cli
