// `emoforget synth`: render the synthetic Italian emotional-speech corpus
// (espeak-ng) into a folder of 16 kHz WAVs plus manifest.csv; prints a JSON
// summary (stdout) and the configuration, progress and split table (stderr).
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "data/split.h"
#include "synth/corpus.h"

namespace emoforget::cli {
namespace {

struct SynthOptions {
  synth::SynthConfig config;
  std::string out;
  std::string sentences;
  std::string split = "0.32,0.32,0.36";
};

void run_synth(SynthOptions& options) {
  synth::SynthConfig& config = options.config;
  config.out = options.out;
  config.sentences_file = options.sentences;
  config.split = data::SplitConfig::parse_fractions(options.split);
  config.validate();
  std::cerr << config.to_string() << "\n";

  const synth::SynthSummary summary = synth::synthesize_corpus(config);
  std::cerr << summary.split_table;
  const nlohmann::json report = {
      {"command", "synth"},
      {"out", config.out.string()},
      {"manifest", (config.out / "manifest.csv").string()},
      {"speakers", summary.speakers},
      {"female_speakers", summary.female_speakers},
      {"per_class", config.per_class},
      {"utterances", summary.utterances},
      {"seed", config.seed},
      {"sentences", config.sentences_file.empty() ? "built-in" : config.sentences_file.string()},
      {"split", config.split},
      {"sample_rate", synth::kSynthSampleRate},
      {"audio_seconds", summary.audio_seconds},
      {"utterance_seconds", {{"min", summary.min_seconds}, {"max", summary.max_seconds}}},
      {"wall_seconds", summary.wall_seconds},
      {"utterances_per_second", summary.utterances_per_second},
  };
  std::cout << report.dump(2) << "\n";
}

}  // namespace

Command add_synth_command(CLI::App& parent) {
  auto options = std::make_shared<SynthOptions>();
  Command command = make_command(
      parent, "synth", "Render a synthetic Italian emotional-speech corpus with espeak-ng");
  CLI::App* app = command.app;
  app->add_option("--out", options->out, "Corpus folder to create (wav/ and manifest.csv)")
      ->required();
  app->add_option("--speakers", options->config.speakers,
                  "Number of speakers (23/68 of them female, rounded)");
  app->add_option("--per-class", options->config.per_class,
                  "Utterances per speaker and emotion (7 emotions)");
  app->add_option("--seed", options->config.seed, "Seed of every random choice");
  app->add_option("--sentences", options->sentences,
                  "UTF-8 file with one sentence per line (default: built-in Italian list)");
  app->add_option("--split", options->split,
                  "Speaker-independent train,val,test fractions of utterances");
  app->add_flag("--overwrite", options->config.overwrite,
                "Replace an existing non-empty --out folder (only after success)");
  app->add_option("--jobs", options->config.threads,
                  "Worker threads for resampling, effects and writing (0 = all cores, max 8)");
  command.output = [options] { return std::filesystem::path(options->out); };
  command.after_interrupt = "nothing was written to --out; rerun the same command";
  command.run = [options] { run_synth(*options); };
  return command;
}

}  // namespace emoforget::cli
