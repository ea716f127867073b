#include "ui/app/translation_loader.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace cnnwb::ui {

QStringList TranslationLoader::available()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString TranslationLoader::chosenLanguage()
{
    const QString saved = QSettings().value(QLatin1String(kSettingsKey)).toString();
    if (available().contains(saved))
        return saved;
    // Any Chinese locale reads Simplified Chinese better than English; Traditional Chinese
    // readers too, until a zh_TW translation exists.
    for (const QString& name : QLocale::system().uiLanguages())
        if (name.startsWith(QLatin1String("zh")))
            return QStringLiteral("zh_CN");
    return QStringLiteral("en");
}

bool TranslationLoader::install(
    QTranslator& translator, QTranslator& qtTranslator, const QString& language, const QString& dir)
{
    if (language == QLatin1String("en") || language.isEmpty())
        return false;
    if (!translator.load(QStringLiteral("cnn-workbench_") + language, dir))
        return false;
    QCoreApplication::installTranslator(&translator);
    // Buttons of Qt's own dialogs (OK, Cancel, Open…), when the system has Qt's translations.
    if (qtTranslator.load(QStringLiteral("qtbase_") + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);
    return true;
}

} // namespace cnnwb::ui
