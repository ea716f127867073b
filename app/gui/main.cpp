// cnn-workbench: the desktop program. Sets up logging (file, stderr, the log panel), probes the
// devices once, and opens the main window on the default experiment.

#include "log_setup.h"

#include "ui/app/main_window.h"
#include "ui/app/translation_loader.h"
#include "ui/common/qt_log_sink.h"
#include "ui/results/runs_page.h"
#include "ui/sweep/sweep_page.h"

#include "cnnwb/engine/core/device_info.h"
#include "cnnwb/engine/core/log.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/core/paths.h"
#include "cnnwb/engine/core/threads.h"
#include "cnnwb/engine/core/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QLineEdit>
#include <QSettings>
#include <QTabWidget>
#include <QTextStream>
#include <QTimer>
#include <QTranslator>

#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace {

using cnnwb::ui::MainWindow;

// --version must work where no display is (a container, ssh without -X): answered before
// QApplication, which needs one. Returns whether it was asked.
bool printVersionIfAsked(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--version" || arg == "-v") {
            const cnnwb::engine::VersionInfo v = cnnwb::engine::versionInfo();
            std::printf("cnn-workbench %s%s\n%s, Qt %s\n", v.project.c_str(),
                v.gitCommit.empty() ? "" : (" (" + v.gitCommit + ")").c_str(), v.librariesText().c_str(), qVersion());
            if (const std::string loadedFrom = v.loadedFromText(); !loadedFrom.empty())
                std::printf("%s\n", loadedFrom.c_str());
            return true;
        }
    }
    return false;
}

void nameApplication()
{
    QApplication::setApplicationName(QStringLiteral("cnn-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("CNN Workbench"));
    QApplication::setOrganizationDomain(QStringLiteral("cnnworkbench.org"));
    // The desktop entry's id (packaging/), so desktops match the window to its launcher and icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.cnnworkbench.CnnWorkbench"));
    QApplication::setApplicationVersion(QString::fromStdString(cnnwb::engine::versionInfo().project));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/cnn-workbench.svg")));
}

// The language is chosen before any text is made, so --language is looked up by hand here.
void installTranslation(int argc, char** argv, QTranslator& translator, QTranslator& qtTranslator)
{
    QString language = cnnwb::ui::TranslationLoader::chosenLanguage();
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string_view(argv[i]) == "--language")
            language = QString::fromLocal8Bit(argv[i + 1]);
    cnnwb::ui::TranslationLoader::install(translator, qtTranslator, language);
}

// The program's command line (translated, so made after installTranslation).
struct GuiOptions {
    QCommandLineParser parser;
    QCommandLineOption data{QStringLiteral("data"), QApplication::translate("main", "Open this dataset folder."),
        QApplication::translate("main", "folder")};
    QCommandLineOption train{QStringLiteral("train"), QApplication::translate("main", "Start training right away.")};
    QCommandLineOption page{QStringLiteral("page"),
        QApplication::translate(
            "main", "Open on this page: data, model, training, results, insight, health, runs or sweep."),
        QApplication::translate("main", "page")};
    QCommandLineOption tour{
        QStringLiteral("tour"), QApplication::translate("main", "Start the guided first experiment.")};
    QCommandLineOption compare{QStringLiteral("compare-runs"),
        QApplication::translate("main", "On the Runs page, overlay the newest N runs."), QStringLiteral("N")};
    QCommandLineOption findRate{QStringLiteral("find-learning-rate"),
        QApplication::translate("main", "Start the learning-rate range test (Train → Find Learning Rate).")};
    QCommandLineOption cluster{QStringLiteral("run-on-cluster"),
        QApplication::translate("main", "Open Train → Run on a Cluster for the experiment.")};
    QCommandLineOption sweepFolder{QStringLiteral("sweep-folder"),
        QApplication::translate("main", "On the Sweep page, show the sweep in this folder (and run into it)."),
        QApplication::translate("main", "folder")};
    QCommandLineOption sweepView{QStringLiteral("sweep-view"),
        QApplication::translate("main", "On the Sweep page, show this view below the plot: trials, curves or scatter."),
        QApplication::translate("main", "view")};
    QCommandLineOption runSweep{
        QStringLiteral("run-sweep"), QApplication::translate("main", "Run the experiment's sweep right away.")};

    void process(const QApplication& app)
    {
        parser.setApplicationDescription(
            QApplication::translate("main", "Design, train and export convolutional networks."));
        parser.addHelpOption();
        parser.addOption(QCommandLineOption(QStringList{QStringLiteral("v"), QStringLiteral("version")},
            QApplication::translate("main", "Show version information.")));
        parser.addOption(data);
        parser.addOption(train);
        parser.addOption(page);
        parser.addOption(QCommandLineOption(QStringLiteral("language"),
            QApplication::translate("main", "Use this language (en, zh_CN) instead of the saved or system one."),
            QApplication::translate("main", "language")));
        for (const QCommandLineOption* option :
            {&tour, &compare, &findRate, &cluster, &sweepFolder, &sweepView, &runSweep})
            parser.addOption(*option);
        parser.addPositionalArgument(QStringLiteral("experiment"),
            QApplication::translate("main", "Experiment file (JSON) or checkpoint (.ckpt) to open."),
            QStringLiteral("[experiment.json|checkpoint.ckpt]"));
        parser.process(app);
    }
};

// The page --page asks for, by the tabs' order.
void showPage(MainWindow& window, const GuiOptions& options)
{
    if (!options.parser.isSet(options.page))
        return;
    const QString page = options.parser.value(options.page).toLower();
    const QStringList pages
        = {QStringLiteral("data"), QStringLiteral("model"), QStringLiteral("training"), QStringLiteral("results"),
            QStringLiteral("insight"), QStringLiteral("health"), QStringLiteral("runs"), QStringLiteral("sweep")};
    if (pages.contains(page))
        window.tabs()->setCurrentIndex(static_cast<int>(pages.indexOf(page)));
}

// The dataset given, else the first one found in the default data folder; the seed CNN fitted to
// it; then the experiment or checkpoint given, and the page asked for.
void openStartingState(MainWindow& window, const GuiOptions& options)
{
    const QCommandLineParser& parser = options.parser;
    std::filesystem::path dataset;
    if (parser.isSet(options.data)) {
        dataset = parser.value(options.data).toStdString();
    } else if (auto found = cnnwb::engine::findDefaultDataset(cnnwb::engine::defaultDataDir())) {
        dataset = *found;
    } else {
        dataset = cnnwb::engine::defaultDataDir();
    }
    window.openDataset(dataset);
    window.newExperiment(); // the seed CNN fitted to that dataset
    if (!parser.positionalArguments().isEmpty()) {
        const QString file = parser.positionalArguments().constFirst();
        if (file.endsWith(QStringLiteral(".ckpt"), Qt::CaseInsensitive))
            window.loadCheckpoint(file);
        else
            window.openExperiment(file);
    }
    if (parser.isSet(options.compare))
        window.runsPage()->tickNewest(parser.value(options.compare).toInt());
    if (parser.isSet(options.sweepFolder)) {
        const QString folder = parser.value(options.sweepFolder);
        if (QFileInfo::exists(QDir(folder).filePath(QStringLiteral("index.json"))))
            (void)window.sweepPage()->openSweep(folder);
        else
            window.sweepPage()->folderEdit()->setText(folder);
    }
    if (parser.isSet(options.sweepView))
        window.sweepPage()->showView(parser.value(options.sweepView));
    showPage(window, options);
}

// What the options ask to do once the window shows.
void scheduleStartActions(MainWindow& window, const GuiOptions& options)
{
    const QCommandLineParser& parser = options.parser;
    // The walkthrough opens by itself once, on the first start (CNNWB_NO_TOUR=1 keeps it closed,
    // e.g. for scripted screenshots).
    QSettings settings;
    if (!settings.value(QStringLiteral("ui/tourShown")).toBool() && qEnvironmentVariableIntValue("CNNWB_NO_TOUR") == 0
        && !parser.isSet(options.train) && !parser.isSet(options.tour)) {
        settings.setValue(QStringLiteral("ui/tourShown"), true);
        QTimer::singleShot(300, &window, [&window] { (void)window.startGuidedTour(); });
    }
    if (parser.isSet(options.findRate))
        QTimer::singleShot(300, &window, [&window] { (void)window.findLearningRate(); });
    if (parser.isSet(options.cluster))
        QTimer::singleShot(300, &window, [&window] { (void)window.runOnCluster(); });
    if (parser.isSet(options.tour))
        QTimer::singleShot(300, &window, [&window] { (void)window.startGuidedTour(); });
    if (parser.isSet(options.runSweep))
        QTimer::singleShot(0, &window, [&window] { (void)window.sweepPage()->startSweep(); });
    if (parser.isSet(options.train))
        QTimer::singleShot(0, &window, [&window, &options] {
            window.startTraining();
            showPage(window, options); // starting shows the Training page; --page says otherwise
        });
}

} // namespace

int main(int argc, char** argv)
{
    if (printVersionIfAsked(argc, argv))
        return 0;
    QApplication app(argc, argv);
    nameApplication();
    QTranslator translator;
    QTranslator qtTranslator;
    installTranslation(argc, argv, translator, qtTranslator);
    GuiOptions options;
    options.process(app);

    // Logging only once the command line is fine: --help and a bad option leave no log behind.
    auto panelSink = std::make_shared<cnnwb::ui::QtLogSink>();
    panelSink->set_level(spdlog::level::info);
    const auto logFile = cnnwb::app::setUpLogging({.programName = "cnn-workbench", .extraSinks = {panelSink}});
    cnnwb::engine::configureThreads(0);
    cnnwb::engine::logInfo({QT_TRANSLATE_NOOP("EngineText", "CNN Workbench %1 starting; log file %2"),
        {cnnwb::engine::versionInfo().project, logFile.string()}});

    MainWindow window(cnnwb::engine::probeDevices());
    window.connectLog(panelSink->emitter());
    openStartingState(window, options);
    window.show();
    scheduleStartActions(window, options);
    const int status = QApplication::exec();
    spdlog::shutdown();
    return status;
}
