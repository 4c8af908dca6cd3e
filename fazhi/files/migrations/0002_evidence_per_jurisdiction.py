"""佐证材料 records become per jurisdiction. Each existing file is given the jurisdiction of the
reports citing it (else its uploader's); a file cited in several jurisdictions gets one record
per jurisdiction, all pointing at the same stored bytes, and each citation moves to its own."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def jurisdictions_assign(apps, schema_editor):
    EvidenceFile = apps.get_model("files", "EvidenceFile")
    ReportEvidence = apps.get_model("tracking", "ReportEvidence")
    Profile = apps.get_model("accounts", "Profile")
    for evidence in EvidenceFile.objects.order_by("pk").iterator():
        links = ReportEvidence.objects.filter(evidence_id=evidence.pk)
        citing = sorted(set(links.values_list("report__period__plan__jurisdiction_id", flat=True)))
        if not citing:
            uploader = Profile.objects.filter(user_id=evidence.uploaded_by_id).values_list(
                "jurisdiction_id", flat=True).first()
            citing = [uploader] if uploader else []
        if not citing:
            continue
        first, *others = citing
        EvidenceFile.objects.filter(pk=evidence.pk).update(jurisdiction_id=first)
        for jurisdiction_id in others:
            copy = EvidenceFile.objects.create(
                jurisdiction_id=jurisdiction_id, sha256=evidence.sha256, file=evidence.file.name,
                original_name=evidence.original_name, size=evidence.size, content_type=evidence.content_type,
                uploaded_by_id=None,
            )
            links.filter(report__period__plan__jurisdiction_id=jurisdiction_id).update(evidence_id=copy.pk)


def jurisdictions_merge(apps, schema_editor):
    """Backwards: one record per content again, every citation on the oldest record of its bytes."""
    EvidenceFile = apps.get_model("files", "EvidenceFile")
    ReportEvidence = apps.get_model("tracking", "ReportEvidence")
    keep: dict[str, int] = {}
    for evidence in EvidenceFile.objects.order_by("pk").iterator():
        if evidence.sha256 not in keep:
            keep[evidence.sha256] = evidence.pk
            continue
        kept = keep[evidence.sha256]
        for link in ReportEvidence.objects.filter(evidence_id=evidence.pk):
            if ReportEvidence.objects.filter(report_id=link.report_id, evidence_id=kept).exists():
                link.delete()
            else:
                ReportEvidence.objects.filter(pk=link.pk).update(evidence_id=kept)
        EvidenceFile.objects.filter(pk=evidence.pk).delete()  # its bytes stay: the kept record names them


class Migration(migrations.Migration):

    dependencies = [
        ('files', '0001_initial'),
        ('orgs', '0002_jurisdiction_path'),
        ('accounts', '0001_initial'),
        ('tracking', '0005_period_snapshots'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='evidencefile',
            name='jurisdiction',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='evidence_files', to='orgs.jurisdiction', verbose_name='辖区'),
        ),
        migrations.AlterField(
            model_name='evidencefile',
            name='sha256',
            field=models.CharField(db_index=True, max_length=64, verbose_name='摘要'),
        ),
        migrations.RunPython(jurisdictions_assign, jurisdictions_merge),
        migrations.AddConstraint(
            model_name='evidencefile',
            constraint=models.UniqueConstraint(fields=('jurisdiction', 'sha256'), name='unique_evidence_per_jurisdiction'),
        ),
    ]
