"""What makes a report PDF/A-2u (ISO 19005-2, level U: every text can be read back as
Unicode), a file fit to archive and to read aloud, on top of what ReportLab writes.

ReportLab has no PDF/A mode of its own; it already gives what the standard needs of the
fonts (embedded TrueType subsets with a ToUnicode map), a file identifier and no
transparency. This adds the rest to the document catalog just before the file is written:

- the XMP metadata stream with the PDF/A identification (``pdfaid:part`` 2,
  ``pdfaid:conformance`` U) and the same title, author, subject, keywords, creator tool,
  producer and dates as the Info dictionary (the standard requires them to agree);
- an output intent (``GTS_PDFA1``) with the sRGB profile in ``resources/color``, since the
  reports paint in device RGB;
- the document language (``/Lang``) and ``DisplayDocTitle``, so that a viewer shows the
  title rather than the file name, and a screen reader speaks the text in its language.

The reports can be checked with veraPDF: ``verapdf --flavour 2u report.pdf``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    XMP,
    PDFArray,
    PDFCatalog,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)
from reportlab.pdfbase.pdfdoc import format as format_object
from reportlab.pdfgen.canvas import Canvas

ICC_PROFILE = Path(__file__).resolve().parent.parent / "resources" / "color" / "sRGB.icc"
SRGB = "sRGB IEC61966-2.1"
PDFA_PART, PDFA_CONFORMANCE = 2, "U"


class _ArchivalCatalog(PDFCatalog):
    """ReportLab's catalog writes only the entries it knows: this one also the output
    intents."""

    __NoDefault__: ClassVar[list[str]] = [*PDFCatalog.__NoDefault__, "OutputIntents"]


def make_archival(canvas: Canvas, *, language: str) -> None:
    """Give ``canvas``'s document the PDF/A-2u structures; call it before ``canvas.save()``
    and after the Info fields (title, author, subject, keywords, creator) are set."""
    document = canvas._doc
    catalog = document.Catalog
    catalog.__class__ = _ArchivalCatalog
    catalog.Lang = PDFString(language)
    canvas.setViewerPreference("DisplayDocTitle", "true")
    catalog.OutputIntents = PDFArray([_output_intent(document)])
    catalog.Metadata = _Metadata(creator=lambda doc: xmp_packet(doc.info, doc._timeStamp, language))


class _Metadata(XMP):
    """The XMP stream as PDF/A wants it: not compressed, without a Filter entry (ReportLab
    writes an empty one for a stream it is told not to compress)."""

    def format(self, document: Any) -> bytes:
        content = self.makeContent(document)
        dictionary = PDFDictionary(dict(self.dictionary.dict, Length=len(content)))
        return format_object(dictionary, document) + b"\nstream\n" + content + b"\nendstream\n"


_plain_stream_format = PDFStream.format


def _stream_format_with_eol(self: PDFStream, document: Any) -> bytes:
    """ReportLab writes a stream's last byte right before ``endstream``; PDF/A wants an
    end-of-line between them (ISO 19005-2, 6.1.7.1), not counted in the stream's Length."""
    formatted = _plain_stream_format(self, document)
    end = b"endstream\n"
    if formatted.endswith(end) and not formatted.endswith(b"\n" + end):
        formatted = formatted[: -len(end)] + b"\n" + end
    return formatted


# Every PDF Oske writes is a report: the end-of-line is right for all of them
PDFStream.format = _stream_format_with_eol


def _output_intent(document: Any) -> PDFDictionary:
    profile = PDFStream(
        PDFDictionary({"N": 3}), content=ICC_PROFILE.read_bytes(), filters=[PDFZCompress]
    )
    return PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString(SRGB),
            "Info": PDFString(SRGB),
            "RegistryName": PDFString("http://www.color.org"),
            "DestOutputProfile": document.Reference(profile, "sRGBProfile"),
        }
    )


# Characters that XML 1.0 does not allow, even escaped (a control character in a name)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value: str) -> str:
    """``value`` without the characters XML cannot carry: the Info dictionary and the XMP
    metadata must agree, so the text of both goes through this."""
    return _NOT_XML.sub("", value)


def _xml(value: str) -> str:
    return escape(clean(value), {'"': "&quot;"})


def xmp_date(stamp: Any) -> str:
    """ReportLab's time stamp of the document, as its Info dictionary has it, in XMP's form."""
    year, month, day, hour, minute, second = stamp.YMDhms
    sign = "-" if stamp.dhh < 0 else "+"
    return (
        f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
        f"{sign}{abs(stamp.dhh):02d}:{stamp.dmm:02d}"
    )


def xmp_packet(info: Any, stamp: Any, language: str) -> bytes:
    """The XMP metadata of a document whose Info dictionary is ``info``: the same values."""
    date = xmp_date(stamp)
    lang = _xml(language)

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{_xml(value)}</rdf:li></rdf:Alt>'

    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfaid:part>{PDFA_PART}</pdfaid:part>
<pdfaid:conformance>{PDFA_CONFORMANCE}</pdfaid:conformance>
<dc:format>application/pdf</dc:format>
<dc:title>{alt(info.title)}</dc:title>
<dc:creator><rdf:Seq><rdf:li>{_xml(info.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description>{alt(info.subject)}</dc:description>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<xmp:CreatorTool>{_xml(info.creator)}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdf:Producer>{_xml(info.producer)}</pdf:Producer>
<pdf:Keywords>{_xml(info.keywords)}</pdf:Keywords>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")
