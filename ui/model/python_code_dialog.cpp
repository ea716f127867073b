#include "ui/model/python_code_dialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace cnnwb::ui {

PythonCodeDialog::PythonCodeDialog(const QString& code, QWidget* parent)
    : QDialog(parent)
    , m_text(new QPlainTextEdit(code))
{
    setWindowTitle(tr("Model as PyTorch Code"));
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QPushButton* copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    QPushButton* save = buttons->addButton(tr("Save As…"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_text->toPlainText()); });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save Python Code"), QStringLiteral("model.py"), tr("Python files (*.py)"));
        if (path.isEmpty())
            return;
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(m_text->toPlainText().toUtf8()) < 0)
            QMessageBox::warning(this, tr("Save Python Code"), tr("Cannot write %1: %2").arg(path, file.errorString()));
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("The same network in PyTorch. Its state dict names match the workbench's, so "
                                    "<code>build_model().load_state_dict(torch.load(\"model.pth\"))</code> works.")));
    layout->addWidget(m_text, 1);
    layout->addWidget(buttons);
    resize(820, 620);
}

QString PythonCodeDialog::code() const
{
    return m_text->toPlainText();
}

} // namespace cnnwb::ui
