#include "ui/data/image_options_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace cnnwb::ui {
namespace {

QString sizeWords(engine::ImageSize size)
{
    return QStringLiteral("%1 × %2").arg(size.width).arg(size.height);
}

QString bytesText(std::uint64_t bytes)
{
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

QLabel* noteLabel()
{
    auto* label = new QLabel;
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

ImageOptionsPanel::ImageOptionsPanel(QWidget* parent)
    : QWidget(parent)
    , m_automatic(new QCheckBox(tr("Automatic")))
    , m_width(new QSpinBox)
    , m_height(new QSpinBox)
    , m_resize(new QComboBox)
    , m_color(new QComboBox)
    , m_testShare(new QSpinBox)
    , m_sizeNote(noteLabel())
    , m_splitNote(noteLabel())
    , m_loaderNote(noteLabel())
{
    m_automatic->setObjectName(QStringLiteral("automaticSize"));
    m_automatic->setToolTip(tr("The images' own size when they all share one, else 64 × 64. A larger size shows "
                               "more detail but trains slower."));
    for (QSpinBox* box : {m_width, m_height}) {
        box->setRange(1, engine::kMaxInputSide);
        box->setSuffix(tr(" px"));
        box->setKeyboardTracking(false); // one change when the number is typed, not one per digit
    }
    m_width->setObjectName(QStringLiteral("inputWidth"));
    m_height->setObjectName(QStringLiteral("inputHeight"));
    m_resize->setObjectName(QStringLiteral("resizePolicy"));
    m_resize->addItem(tr("Scale and crop the centre"), static_cast<int>(engine::ResizePolicy::CenterCrop));
    m_resize->addItem(tr("Scale and pad (nothing cut)"), static_cast<int>(engine::ResizePolicy::Letterbox));
    m_resize->addItem(tr("Stretch"), static_cast<int>(engine::ResizePolicy::Stretch));
    m_color->setObjectName(QStringLiteral("colorMode"));
    m_color->addItem(tr("Automatic"), static_cast<int>(engine::ColorMode::Auto));
    m_color->addItem(tr("Grayscale"), static_cast<int>(engine::ColorMode::Gray));
    m_color->addItem(tr("RGB colour"), static_cast<int>(engine::ColorMode::Rgb));
    m_testShare->setObjectName(QStringLiteral("testShare"));
    m_testShare->setRange(1, 90);
    m_testShare->setSuffix(tr(" %"));
    m_testShare->setToolTip(tr("Of every class, for a folder without a test/ folder; the same images on every run"));

    auto* size = new QHBoxLayout;
    size->addWidget(m_width, 1);
    size->addWidget(new QLabel(QStringLiteral("×")));
    size->addWidget(m_height, 1);
    auto* form = new QFormLayout;
    form->addRow(tr("Input size:"), m_automatic);
    form->addRow(QString(), size);
    form->addRow(tr("Resize:"), m_resize);
    form->addRow(tr("Channels:"), m_color);
    form->addRow(tr("Test share:"), m_testShare);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_sizeNote);
    layout->addWidget(m_splitNote);
    layout->addWidget(m_loaderNote);

    connect(m_automatic, &QCheckBox::toggled, this, [this] { readWidgets(); });
    connect(m_width, &QSpinBox::valueChanged, this, [this] { readWidgets(); });
    connect(m_height, &QSpinBox::valueChanged, this, [this] { readWidgets(); });
    connect(m_resize, &QComboBox::activated, this, [this] { readWidgets(); });
    connect(m_color, &QComboBox::activated, this, [this] { readWidgets(); });
    connect(m_testShare, &QSpinBox::valueChanged, this, [this] { readWidgets(); });
    showOptions();
    setDataset(std::nullopt);
}

void ImageOptionsPanel::setOptions(const engine::DataOptions& options)
{
    m_options = options;
    showOptions();
}

void ImageOptionsPanel::showOptions()
{
    const QSignalBlocker blocks[] = {QSignalBlocker(m_automatic), QSignalBlocker(m_width), QSignalBlocker(m_height),
        QSignalBlocker(m_resize), QSignalBlocker(m_color), QSignalBlocker(m_testShare)};
    const bool automatic = m_options.inputSize.empty();
    m_automatic->setChecked(automatic);
    m_width->setEnabled(!automatic);
    m_height->setEnabled(!automatic);
    // Automatic: the boxes show the size it chose, where to start from when choosing another.
    const engine::ImageSize shown = !automatic ? m_options.inputSize
        : m_info                               ? engine::ImageSize{m_info->shape.width, m_info->shape.height}
                 : engine::ImageSize{engine::kDefaultPhotoSide, engine::kDefaultPhotoSide};
    m_width->setValue(shown.width);
    m_height->setValue(shown.height);
    m_resize->setCurrentIndex(m_resize->findData(static_cast<int>(m_options.resize)));
    m_color->setCurrentIndex(m_color->findData(static_cast<int>(m_options.color)));
    m_testShare->setValue(static_cast<int>(std::lround(m_options.testShare * 100.0)));
    m_testShare->setEnabled(!m_info || m_info->layout != engine::FolderLayout::TrainTest);
}

void ImageOptionsPanel::readWidgets()
{
    engine::DataOptions options = m_options;
    options.inputSize
        = m_automatic->isChecked() ? engine::ImageSize{} : engine::ImageSize{m_width->value(), m_height->value()};
    options.resize = static_cast<engine::ResizePolicy>(m_resize->currentData().toInt());
    options.color = static_cast<engine::ColorMode>(m_color->currentData().toInt());
    options.testShare = m_testShare->value() / 100.0;
    m_width->setEnabled(!m_automatic->isChecked());
    m_height->setEnabled(!m_automatic->isChecked());
    if (options == m_options)
        return;
    m_options = options;
    Q_EMIT optionsChanged(m_options);
}

void ImageOptionsPanel::setDataset(const std::optional<engine::DatasetInfo>& info)
{
    m_info = info;
    showOptions();
    m_sizeNote->setText(m_info ? describeSize(*m_info) : QString());
    m_splitNote->setText(m_info ? describeSplit(*m_info) : QString());
    m_loaderNote->setText(m_info ? describeLoader(*m_info) : QString());
    for (QLabel* note : {m_sizeNote, m_splitNote, m_loaderNote})
        note->setVisible(!note->text().isEmpty());
}

QString ImageOptionsPanel::sizeText() const
{
    return m_sizeNote->text();
}

QString ImageOptionsPanel::splitText() const
{
    return m_splitNote->text();
}

QString ImageOptionsPanel::loaderText() const
{
    return m_loaderNote->text();
}

QString ImageOptionsPanel::describeSize(const engine::DatasetInfo& info) const
{
    const QString size = sizeWords({info.shape.width, info.shape.height});
    const QString how = m_resize->currentText().toLower();
    switch (info.sizeChoice) {
    case engine::SizeChoice::Native:
        return tr("The images are %1: the network receives them as they are.").arg(size);
    case engine::SizeChoice::Chosen:
        return info.resized ? tr("Images are brought to %1 (%2).").arg(size, how)
                            : tr("The images are %1 already.").arg(size);
    case engine::SizeChoice::Default:
        break;
    }
    return tr("The photos differ in size (%1 to %2 among %n looked at): they are brought to %3 (%4).", nullptr,
        info.imagesLookedAt)
        .arg(sizeWords(info.smallestImage), sizeWords(info.largestImage), size, how);
}

QString ImageOptionsPanel::describeSplit(const engine::DatasetInfo& info) const
{
    if (info.layout == engine::FolderLayout::TrainTest || info.classNames.empty())
        return {};
    QStringList counts;
    for (std::size_t c = 0; c < info.classNames.size() && c < info.heldOutPerClass.size(); ++c) {
        if (counts.size() == 3) {
            counts << QStringLiteral("…");
            break;
        }
        counts << tr("%1 of %2").arg(info.heldOutPerClass[c]).arg(QString::fromStdString(info.classNames[c]));
    }
    const QString percent = QLocale().toString(info.options.testShare * 100.0, 'g', 3);
    return tr("No test/ folder: holding out %1 % of each class as test images (%2), the same ones on every run.")
        .arg(percent, counts.join(QStringLiteral(", ")));
}

QString ImageOptionsPanel::describeLoader(const engine::DatasetInfo& info) const
{
    QString text;
    if (info.streamed)
        text = tr("Streamed from the files batch by batch: decoded, the images would take %1, more than the "
                  "memory budget of %2.")
                   .arg(bytesText(info.decodedBytes()), bytesText(engine::memoryBudgetOf(info.options)));
    if (!info.skipped.empty()) {
        QStringList names;
        for (std::size_t i = 0; i < info.skipped.size() && i < 3; ++i)
            names << QString::fromStdString(info.skipped[i].path);
        if (info.skipped.size() > 3)
            names << QStringLiteral("…");
        text += (text.isEmpty() ? QString() : QStringLiteral(" "))
            + tr("%n image(s) cannot be decoded and were left out: %1.", nullptr, static_cast<int>(info.skipped.size()))
                  .arg(names.join(QStringLiteral(", ")));
    }
    return text;
}

} // namespace cnnwb::ui
