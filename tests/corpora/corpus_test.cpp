// Corpus parsers on real-style file names, and scan_corpus() on tiny fake trees
// (empty .wav files: only the names are read).
#include "corpora/corpus.h"

#include <gtest/gtest.h>

#include <map>

#include "common/error.h"
#include "support/test_support.h"

namespace emoforget::corpora {
namespace {
using testing::TempDir;
using testing::write_text;

void touch(const TempDir& dir, const std::vector<std::string>& names) {
  for (const std::string& name : names)
    write_text(dir / name, "");
}

CorpusRecord parsed(const Corpus& corpus, const std::string& name) {
  const auto record = corpus.parse(name);
  EXPECT_TRUE(record.has_value()) << name;
  return record.value_or(CorpusRecord{});
}

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Corpus, Names) {
  EXPECT_EQ(corpus_names(), (std::vector<std::string>{"demos", "emodb", "ravdess", "cremad"}));
  TempDir dir;
  const std::string message = error_of([&] { open_corpus("iemocap", dir.path()); });
  EXPECT_NE(message.find("iemocap"), std::string::npos);
  EXPECT_NE(message.find("ravdess"), std::string::npos);
}

TEST(Corpus, DemosNames) {
  const auto demos = make_demos_corpus();
  CorpusRecord r = parsed(*demos, "PR_f_02_rab01b.wav");
  EXPECT_EQ(r.emotion, "anger");
  EXPECT_EQ(r.speaker, "02");
  EXPECT_EQ(r.gender, "f");
  r = parsed(*demos, "NP_m_13_tri05a.wav");
  EXPECT_EQ(r.emotion, "sadness");
  EXPECT_EQ(r.gender, "m");
  EXPECT_EQ(parsed(*demos, "NP_m_30_neu1.WAV").emotion, "neutral");
  const std::map<std::string, std::string> codes = {{"col", "guilt"},
                                                    {"dis", "disgust"},
                                                    {"gio", "happiness"},
                                                    {"pau", "fear"},
                                                    {"sor", "surprise"}};
  for (const auto& [code, label] : codes) {
    EXPECT_EQ(parsed(*demos, "PR_f_07_" + code + "03a.wav").emotion, label);
  }
  for (const char* bad :
       {"PR_x_02_rab01b.wav", "PR_f_ab_rab01b.wav", "PR_f_02_xyz01.wav", "rab01b.wav",
        "PR_f_02_rab01b.mp3", "PR_f_02_ra.wav", "._PR_f_02_rab01b.wav", "PR_f_02_rab01-b.wav"}) {
    EXPECT_FALSE(demos->parse(bad).has_value()) << bad;
  }
  EXPECT_EQ(demos->labels(),
            (std::vector<std::string>{"anger", "disgust", "fear", "guilt", "happiness", "neutral",
                                      "sadness", "surprise"}));
}

TEST(Corpus, EmodbNames) {
  const auto emodb = make_emodb_corpus();
  CorpusRecord r = parsed(*emodb, "03a01Fa.wav");
  EXPECT_EQ(r.speaker, "03");
  EXPECT_EQ(r.emotion, "happiness");
  EXPECT_EQ(r.gender, "m");
  r = parsed(*emodb, "16b10Lb.wav");
  EXPECT_EQ(r.emotion, "boredom");
  EXPECT_EQ(r.gender, "f");
  const std::map<char, std::string> letters = {
      {'W', "anger"}, {'E', "disgust"}, {'A', "fear"}, {'T', "sadness"}, {'N', "neutral"}};
  for (const auto& [letter, label] : letters) {
    EXPECT_EQ(parsed(*emodb, std::string("11a02") + letter + "c.wav").emotion, label);
  }
  for (const char* bad : {"03a01Xa.wav", "03c01Fa.wav", "3a01Fa.wav", "03a01Faa.wav"}) {
    EXPECT_FALSE(emodb->parse(bad).has_value()) << bad;
  }
}

TEST(Corpus, RavdessNames) {
  const auto ravdess = make_ravdess_corpus();
  CorpusRecord r = parsed(*ravdess, "03-01-06-01-02-01-12.wav");
  EXPECT_EQ(r.emotion, "fearful");
  EXPECT_EQ(r.speaker, "12");
  EXPECT_EQ(r.gender, "f");
  r = parsed(*ravdess, "03-01-02-02-01-02-01.wav");
  EXPECT_EQ(r.emotion, "calm");
  EXPECT_EQ(r.gender, "m");
  EXPECT_EQ(parsed(*ravdess, "03-01-08-01-01-01-05.wav").emotion, "surprised");
  for (const char* bad : {"03-01-09-01-02-01-12.wav", "03-01-06-01-02-12.wav",
                          "03-01-06-01-02-01-25.wav", "3-01-06-01-02-01-12.wav"}) {
    EXPECT_FALSE(ravdess->parse(bad).has_value()) << bad;
  }
  EXPECT_EQ(ravdess->labels().size(), 8u);
}

TEST(Corpus, CremadNamesWithoutDemographics) {
  const auto cremad = make_cremad_corpus(std::nullopt);
  CorpusRecord r = parsed(*cremad, "1001_DFA_ANG_XX.wav");
  EXPECT_EQ(r.speaker, "1001");
  EXPECT_EQ(r.emotion, "anger");
  EXPECT_EQ(r.gender, "");
  EXPECT_EQ(parsed(*cremad, "1091_IEO_HAP_HI.wav").emotion, "happy");
  for (const char* bad :
       {"1001_DFA_ANG.wav", "1001_DFA_XXX_XX.wav", "101_DFA_ANG_XX.wav", "1001_DFA_ANG_ZZ.wav"}) {
    EXPECT_FALSE(cremad->parse(bad).has_value()) << bad;
  }
}

TEST(Corpus, CremadGendersFromDemographics) {
  TempDir dir;
  touch(dir, {"AudioWAV/1001_DFA_ANG_XX.wav", "AudioWAV/1002_IEO_SAD_LO.wav",
              "AudioWAV/1003_IEO_NEU_XX.wav"});
  write_text(dir / "VideoDemographics.csv",
             "ActorID,Age,Sex,Race,Ethnicity\r\n1001,51,Male,Caucasian,Not Hispanic\r\n"
             "1002,21,Female,Caucasian,Not Hispanic\r\n");
  const CorpusScan scan = scan_corpus("cremad", dir.path(), {});
  ASSERT_EQ(scan.manifest.utterances.size(), 3u);
  EXPECT_EQ(scan.manifest.utterances[0].gender, "m");
  EXPECT_EQ(scan.manifest.utterances[1].gender, "f");
  EXPECT_EQ(scan.manifest.utterances[2].gender, "");  // actor missing from the table

  write_text(dir / "VideoDemographics.csv", "ActorID,Age,Sex\n1001,51,Male\n1002,21,X\n");
  const std::string message = error_of([&] { scan_corpus("cremad", dir.path(), {}); });
  EXPECT_NE(message.find("VideoDemographics.csv"), std::string::npos) << message;
  EXPECT_NE(message.find("row 3"), std::string::npos) << message;
  EXPECT_NE(message.find("Sex"), std::string::npos) << message;
}

TEST(Corpus, ScanDemosTreeWithNeutralAndUnmatched) {
  TempDir dir;
  touch(dir, {"DEMOS/PR_f_02_rab01b.wav", "DEMOS/NP_m_13_tri05a.wav", "DEMOS/PR_f_02_gio02a.wav",
              "NEU/NP_m_30_neu1.wav", "NEU/NP_f_02_neu2.wav", "DEMOS/notes.txt", "DEMOS/README.wav",
              "DEMOS/._PR_f_02_rab01b.wav"});
  ScanOptions options;
  options.manifest_dir = dir.path();
  CorpusScan scan = scan_corpus("demos", dir.path(), options);
  const auto& utts = scan.manifest.utterances;
  ASSERT_EQ(utts.size(), 5u);
  // Sorted by relative path; paths relative to the manifest folder.
  EXPECT_EQ(utts[0].path, "DEMOS/NP_m_13_tri05a.wav");
  EXPECT_EQ(utts[0].utt_id, "DEMOS/NP_m_13_tri05a");
  EXPECT_EQ(utts[4].path, "NEU/NP_m_30_neu1.wav");
  EXPECT_EQ(utts[4].emotion, "neutral");
  EXPECT_EQ(utts[4].split, "");
  EXPECT_EQ(scan.unmatched,
            (std::vector<std::string>{"DEMOS/._PR_f_02_rab01b.wav", "DEMOS/README.wav"}));
  const std::string note = describe_unmatched(scan, "demos", dir.path());
  EXPECT_NE(note.find("2 .wav file(s)"), std::string::npos) << note;
  EXPECT_NE(note.find("DEMOS/README.wav"), std::string::npos) << note;

  options.exclude = {"neutral"};
  scan = scan_corpus("demos", dir.path(), options);
  EXPECT_EQ(scan.manifest.utterances.size(), 3u);
  EXPECT_EQ(scan.excluded, 2u);
  for (const data::Utterance& u : scan.manifest.utterances)
    EXPECT_NE(u.emotion, "neutral");
}

TEST(Corpus, ScanPathsRelativeToManifestFolder) {
  TempDir dir;
  touch(dir, {"corpus/wav/03a01Fa.wav", "corpus/wav/09b02Wa.wav"});
  ScanOptions options;
  options.manifest_dir = dir / "manifests";
  const CorpusScan scan = scan_corpus("emodb", dir / "corpus", options);
  ASSERT_EQ(scan.manifest.utterances.size(), 2u);
  EXPECT_EQ(scan.manifest.utterances[0].path, "../corpus/wav/03a01Fa.wav");
  EXPECT_EQ(scan.manifest.utterances[0].utt_id, "wav/03a01Fa");
  EXPECT_EQ(scan.manifest.resolve(scan.manifest.utterances[1]).lexically_normal(),
            (dir / "corpus/wav/09b02Wa.wav").lexically_normal());
}

TEST(Corpus, ScanRavdessActorsFolders) {
  TempDir dir;
  touch(dir, {"Actor_01/03-01-01-01-01-01-01.wav", "Actor_01/03-01-05-02-01-01-01.wav",
              "Actor_02/03-01-02-01-02-02-02.wav"});
  ScanOptions options;
  options.exclude = {"neutral", "calm"};
  const CorpusScan scan = scan_corpus("ravdess", dir.path(), options);
  ASSERT_EQ(scan.manifest.utterances.size(), 1u);
  EXPECT_EQ(scan.manifest.utterances[0].emotion, "angry");
  EXPECT_EQ(scan.manifest.utterances[0].gender, "m");
  EXPECT_EQ(scan.excluded, 2u);
}

TEST(Corpus, ScanErrors) {
  TempDir dir;
  touch(dir, {"a/03a01Fa.wav", "a/foo.wav"});
  // Wrong corpus for the tree: nothing matches; the root and the names appear.
  std::string message = error_of([&] { scan_corpus("ravdess", dir / "a", {}); });
  EXPECT_NE(message.find((dir / "a").string()), std::string::npos) << message;
  EXPECT_NE(message.find("03a01Fa.wav"), std::string::npos) << message;
  // A label the corpus does not have lists the corpus's labels.
  ScanOptions options;
  options.exclude = {"calm"};
  message = error_of([&] { scan_corpus("emodb", dir / "a", options); });
  EXPECT_NE(message.find("'calm'"), std::string::npos) << message;
  EXPECT_NE(message.find("boredom"), std::string::npos) << message;
  // Missing root, and a root without audio.
  message = error_of([&] { scan_corpus("emodb", dir / "missing", {}); });
  EXPECT_NE(message.find("does not exist"), std::string::npos) << message;
  write_text(dir / "empty/readme.txt", "");
  message = error_of([&] { scan_corpus("emodb", dir / "empty", {}); });
  EXPECT_NE(message.find("no .wav files"), std::string::npos) << message;
  // Every matching file excluded.
  options.exclude = {"happiness"};
  message = error_of([&] { scan_corpus("emodb", dir / "a", options); });
  EXPECT_NE(message.find("excluded"), std::string::npos) << message;
}

}  // namespace
}  // namespace emoforget::corpora
