"""PyQGIS (python3-qgis, QGIS 3.22 on Debian 12) as a county GIS office uses it: an OGC API –
Features layer of the enterprises, logged in with a Basic authentication configuration (the
username and a personal API token), its features counted in a bbox. Run by test/bench/clients.ts:

    /usr/bin/python3 qgis-count.py <ogc url> <username> <token> <minLon,minLat,maxLon,maxLat> [restrict]

With `restrict` the layer is opened as with the data source manager's "Only request features
overlapping the view extent" (restrictToRequestBBOX): QGIS then sends the bbox to the server
instead of downloading the whole layer into its cache first.

Prints one JSON line: the QGIS version, whether the layer is valid, the layer's feature count and
the number of features QGIS reads in the bbox. The authentication database lives in a temporary
profile, never the user's own.
"""

import json
import os
import sys
import tempfile
import time

url, username, token, bbox_text = sys.argv[1:5]
restrict = sys.argv[5:6] == ["restrict"]
profile = tempfile.mkdtemp(prefix="sheyang-qgis-")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QGIS_AUTH_DB_DIR_PATH"] = profile

from qgis.core import (  # noqa: E402  (after the environment above)
    Qgis,
    QgsApplication,
    QgsAuthMethodConfig,
    QgsDataSourceUri,
    QgsFeatureRequest,
    QgsRectangle,
    QgsVectorLayer,
)

QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False, profile)
app.initQgis()

auth = QgsApplication.authManager()
auth.setMasterPassword("sheyang-bench-master", True)
config = QgsAuthMethodConfig()
config.setName("射阳 OGC API")
config.setMethod("Basic")
config.setConfig("username", username)
config.setConfig("password", token)
stored = auth.storeAuthenticationConfig(config)
if isinstance(stored, tuple):  # some bindings answer (ok, config)
    stored, config = stored

uri = QgsDataSourceUri()
uri.setParam("url", url)
uri.setParam("typename", "enterprises")
uri.setAuthConfigId(config.id())
if restrict:
    uri.setParam("restrictToRequestBBOX", "1")

started = time.monotonic()
layer = QgsVectorLayer(uri.uri(False), "enterprises", "OAPIF")
result = {
    "qgis_version": Qgis.QGIS_VERSION,
    "auth_method": config.method(),
    "valid": layer.isValid(),
    "error": layer.error().summary() if not layer.isValid() else None,
}
if layer.isValid():
    min_lon, min_lat, max_lon, max_lat = (float(value) for value in bbox_text.split(","))
    request = QgsFeatureRequest().setFilterRect(QgsRectangle(min_lon, min_lat, max_lon, max_lat))
    ids = {feature.id() for feature in layer.getFeatures(request)}
    result["bbox_count"] = len(ids)
    result["feature_count"] = layer.featureCount()
    result["fields"] = len(layer.fields())
result["seconds"] = round(time.monotonic() - started, 2)
print(json.dumps(result, ensure_ascii=False), flush=True)
# QGIS 3.22's exitQgis() crashes (SIGSEGV) in a headless run once a provider has loaded; the
# result is out, the temporary profile is all there is to lose.
os._exit(0)
