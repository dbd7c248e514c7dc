package extract

import "testing"

func TestPrimaryTag(t *testing.T) {
	tests := []struct{ in, want string }{
		{"en", "en"}, {"en-US", "en"}, {"fr_FR", "fr"}, {" DE ", "de"}, {"zh-Hant-TW", "zh"},
		{"fr-FR, en", "fr"}, {"fil", "fil"}, {"x-klingon", ""}, {"und", ""}, {"english", ""}, {"", ""}, {"e1", ""},
	}
	for _, tt := range tests {
		if got := primaryTag(tt.in); got != tt.want {
			t.Errorf("primaryTag(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGuessLanguage(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"english", "The council said that the plan would be ready by the end of the year, and that it was not too late for residents to comment on it.", "en"},
		{"french", "Le conseil a indiqué que le projet serait prêt pour la fin de l'année et qu'il n'était pas trop tard pour que les habitants donnent leur avis.", "fr"},
		{"spanish", "El consejo dijo que el plan estaría listo para el final del año y que todavía no era tarde para que los vecinos opinaran sobre él.", "es"},
		{"german", "Der Rat sagte, dass der Plan bis zum Ende des Jahres fertig sein wird und dass es für die Anwohner noch nicht zu spät ist.", "de"},
		{"italian", "Il consiglio ha detto che il piano sarà pronto entro la fine dell'anno e che non è troppo tardi per i cittadini per dare il loro parere.", "it"},
		{"portuguese", "O conselho disse que o plano estará pronto até o fim do ano e que não é tarde demais para os moradores darem a sua opinião sobre ele.", "pt"},
		{"dutch", "De raad zei dat het plan aan het einde van het jaar klaar zal zijn en dat het voor de bewoners nog niet te laat is om te reageren.", "nl"},
		{"too short", "The plan.", ""},
		{"lorem ipsum", "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.", ""},
		{"japanese", "トレンドマイクロは発表した。", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		if got := guessLanguage(tt.text); got != tt.want {
			t.Errorf("%s: guessLanguage = %q, want %q", tt.name, got, tt.want)
		}
	}
}
