// Built-in Italian sentences and the sentence-file reader.
#include "synth/sentences.h"

#include <fstream>

#include "common/error.h"

namespace emoforget::synth {

namespace {

std::string trim_sentence(const std::string& line) {
  const char* blanks = " \t\r\n";
  const size_t first = line.find_first_not_of(blanks);
  if (first == std::string::npos) return "";
  std::string text = line.substr(first, line.find_last_not_of(blanks) - first + 1);
  while (!text.empty() && std::string(".!?;").find(text.back()) != std::string::npos) {
    text.pop_back();
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
      text.pop_back();
  }
  return text;
}

}  // namespace

const std::vector<std::string>& builtin_sentences() {
  static const std::vector<std::string> sentences = {
      "Domani mattina andremo al mercato con la nonna",
      "Il treno per Milano parte alle otto",
      "Hai lasciato le chiavi sul tavolo della cucina",
      "Questa sera non torno a casa per cena",
      "Il professore ha rimandato l'esame a settembre",
      "Mio fratello ha venduto la macchina ieri",
      "Non ho ancora letto la lettera di Marco",
      "La riunione è stata spostata a giovedì pomeriggio",
      "Abbiamo trovato un gatto sotto la finestra",
      "Il medico ha detto che devo riposare",
      "Ho perso il portafoglio sull'autobus stamattina",
      "Il negozio resta chiuso per tutto agosto",
      "Luca ha dipinto la stanza di verde",
      "Ci vediamo davanti al cinema alle nove",
      "La pioggia ha allagato la strada principale",
      "Mia sorella si sposa a giugno",
      "Il cane del vicino abbaia tutta la notte",
      "Hanno aperto un ristorante nuovo in piazza",
      "Ho dimenticato di chiamare la mamma",
      "Il pacco è arrivato con tre giorni di ritardo",
      "Non trovo più il mio quaderno rosso",
      "La squadra ha perso la partita in casa",
      "Giulia ha vinto il primo premio",
      "Il pane è finito e i negozi sono chiusi",
      "Mi hanno rubato la bicicletta in stazione",
      "Stasera danno un film alla televisione",
      "Ho ricevuto una telefonata da un numero sconosciuto",
      "Il direttore vuole parlarti subito",
      "Le lezioni ricominciano lunedì prossimo",
      "Abbiamo dormito in una casa in montagna",
      "Paolo non ha risposto ai miei messaggi",
      "Il latte nel frigorifero è scaduto",
      "Hanno cambiato l'orario dei treni regionali",
      "La nonna ha preparato le lasagne per tutti",
      "Qualcuno ha bussato alla porta a mezzanotte",
      "Il viaggio in nave è durato dodici ore",
      "Ho visto Anna al supermercato con un ragazzo",
      "Il computer si è spento durante la riunione",
      "Domenica andiamo al mare con gli amici",
      "Il giardino è pieno di foglie secche",
  };
  return sentences;
}

std::vector<std::string> read_sentences(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error("cannot read sentences file " + path.string() +
                " (missing or unreadable; give one sentence per line)");
  }
  std::vector<std::string> sentences;
  std::string line;
  int row = 0;
  while (std::getline(in, line)) {
    ++row;
    const std::string text = trim_sentence(line);
    if (text.empty()) continue;
    for (const char c : text) {
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
        throw Error("sentences file " + path.string() + " line " + std::to_string(row) +
                    ": control character in the sentence");
      }
    }
    sentences.push_back(text);
  }
  if (in.bad()) throw Error("cannot read sentences file " + path.string());
  if (sentences.empty()) {
    throw Error("sentences file " + path.string() +
                " holds no sentence (expected one sentence per line)");
  }
  return sentences;
}

}  // namespace emoforget::synth
