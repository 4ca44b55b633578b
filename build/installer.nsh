; Per-machine registration that makes Softphone Companion appear in Windows' Default Apps for
; tel: and callto: (Settings → Apps → Default apps → Choose defaults by link type). Windows 10+
; lists an app there only through Capabilities\URLAssociations + RegisteredApplications;
; setAsDefaultProtocolClient alone writes a bare class the user cannot select.
; The command ends switch parsing with "--" so a crafted link can never pass a Chromium switch.

!macro softphoneRegisterScheme SCHEME DESCRIPTION
  WriteRegStr SHCTX "Software\Classes\SoftphoneCompanion.${SCHEME}" "" "${DESCRIPTION}"
  WriteRegStr SHCTX "Software\Classes\SoftphoneCompanion.${SCHEME}" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\SoftphoneCompanion.${SCHEME}\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\SoftphoneCompanion.${SCHEME}\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" -- "%1"'
  WriteRegStr SHCTX "Software\SoftphoneCompanion\Capabilities\URLAssociations" "${SCHEME}" "SoftphoneCompanion.${SCHEME}"
!macroend

!macro customInstall
  WriteRegStr SHCTX "Software\SoftphoneCompanion\Capabilities" "ApplicationName" "Softphone Companion"
  WriteRegStr SHCTX "Software\SoftphoneCompanion\Capabilities" "ApplicationDescription" "Place Genesys Cloud calls on behalf of agents from tel: and callto: links."
  WriteRegStr SHCTX "Software\SoftphoneCompanion\Capabilities" "ApplicationIcon" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  !insertmacro softphoneRegisterScheme "tel" "URL:tel Telephone link"
  !insertmacro softphoneRegisterScheme "callto" "URL:callto Telephone link"
  WriteRegStr SHCTX "Software\RegisteredApplications" "Softphone Companion" "Software\SoftphoneCompanion\Capabilities"
  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
!macroend

!macro customUnInstall
  ; An update runs the old uninstaller first: keep the registration the new version rewrites.
  ${ifNot} ${isUpdated}
    DeleteRegValue SHCTX "Software\RegisteredApplications" "Softphone Companion"
    DeleteRegKey SHCTX "Software\SoftphoneCompanion\Capabilities"
    DeleteRegKey /ifempty SHCTX "Software\SoftphoneCompanion"
    DeleteRegKey SHCTX "Software\Classes\SoftphoneCompanion.tel"
    DeleteRegKey SHCTX "Software\Classes\SoftphoneCompanion.callto"
    System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  ${endIf}
!macroend
