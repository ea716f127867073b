#pragma once

#include <QString>
#include <QStringList>

class QTranslator;

namespace cnnwb::ui {

/// Chooses and installs the UI language: the one saved by View → Language, else the system's.
/// English is the source language (no translator needed); zh_CN ships embedded as :/i18n.
class TranslationLoader {
public:
    /// Settings key of the chosen language ("" or absent = follow the system).
    static constexpr const char* kSettingsKey = "ui/language";

    /// The languages the workbench has, as locale names: "en", "zh_CN".
    [[nodiscard]] static QStringList available();
    /// The language to use: the saved choice if any, else the system locale's best match, else "en".
    [[nodiscard]] static QString chosenLanguage();
    /// Loads `language` into `translator` (from `dir`, default the embedded :/i18n) and installs it,
    /// with Qt's own translations for standard dialogs where the system has them. False for English
    /// or when nothing could be loaded.
    static bool install(QTranslator& translator, QTranslator& qtTranslator, const QString& language,
        const QString& dir = QStringLiteral(":/i18n"));
};

} // namespace cnnwb::ui
